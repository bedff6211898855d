from tutela.accounts.access import SIGNED_IN, EndpointRule, declare

declare(EndpointRule("web:home", own=SIGNED_IN))
