"""Who may read and edit frameworks: published ones are open to signed-in users; drafts to the
owner body's secretariat."""

from tutela.accounts.access import declare

declare()
