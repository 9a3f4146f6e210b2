"""What a reorganization does to obligations: open dues pass to the successor, group rules are re-expanded."""
