"""The violations pages, by concern; urls.py names them as `views.<name>`."""

from tutela.violations.views.records import (
    analysis,
    event_create,
    event_detail,
    event_edit,
    event_list,
    event_verify,
    export_csv,
    export_json,
    import_json,
    person_names,
    vocabulary_list,
)
from tutela.violations.views.reviews import (
    early_warning,
    quarterly_pack,
    quarterly_pack_pdf,
    risk_rating,
)
from tutela.violations.views.situations import (
    engagement_add,
    engagement_strategy_add,
    situation_action_add,
    situation_detail,
    situation_edit,
    situation_list,
)

__all__ = [
    "analysis",
    "early_warning",
    "engagement_add",
    "engagement_strategy_add",
    "event_create",
    "event_detail",
    "event_edit",
    "event_list",
    "event_verify",
    "export_csv",
    "export_json",
    "import_json",
    "person_names",
    "quarterly_pack",
    "quarterly_pack_pdf",
    "risk_rating",
    "situation_action_add",
    "situation_detail",
    "situation_edit",
    "situation_list",
    "vocabulary_list",
]
