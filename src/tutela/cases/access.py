"""Who may do what in the cases module (rules are declared as its endpoints land)."""
