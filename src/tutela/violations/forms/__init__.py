"""The violations forms: the one-page event entry, verification and analysis filters (entry);
early warning, quarterly review and situations (reviews)."""

from tutela.violations.forms.entry import (
    DATE_INPUT,
    GROUPING_CHOICES,
    ActForm,
    CasualtyForm,
    EventEntry,
    EventForm,
    FilterForm,
    InformationForm,
    InterventionForm,
    PersonForm,
    TermField,
    VerifyForm,
    entry_rows,
)
from tutela.violations.forms.reviews import (
    EngagementForm,
    EngagementStrategyForm,
    MeasureForm,
    MeasureUpdateForm,
    NodeField,
    RatingForm,
    SituationActionForm,
    SituationForm,
    SituationOpenForm,
)

__all__ = [
    "DATE_INPUT",
    "GROUPING_CHOICES",
    "ActForm",
    "CasualtyForm",
    "EngagementForm",
    "EngagementStrategyForm",
    "EventEntry",
    "EventForm",
    "FilterForm",
    "InformationForm",
    "InterventionForm",
    "MeasureForm",
    "MeasureUpdateForm",
    "NodeField",
    "PersonForm",
    "RatingForm",
    "SituationActionForm",
    "SituationForm",
    "SituationOpenForm",
    "TermField",
    "VerifyForm",
    "entry_rows",
]
