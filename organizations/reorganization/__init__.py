"""Reorganizations: renaming, moving, merging, splitting, dissolving and creating organizations on an
effective date without losing their history (docs/domain.md, "Reorganizations")."""
