"""Who may do what in the risks module (rules are declared as its endpoints land)."""
