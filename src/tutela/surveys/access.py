"""Who may do what in the surveys module (rules are declared as its endpoints land)."""
