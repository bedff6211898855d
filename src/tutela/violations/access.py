"""Who may do what in the violations module (rules are declared as its endpoints land)."""
