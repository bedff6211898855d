"""Who may do what in the screening module (rules are declared as its endpoints land)."""
