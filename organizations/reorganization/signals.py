"""The hook through which later apps carry on an organization's obligations after a reorganization.

``organizations`` knows nothing of dues (docs/architecture.md §1: it imports no later app), so when a
reorganization has changed the tree it sends ``reorganized``; ``tasks`` connects its receiver in its
``AppConfig.ready()`` (tasks/reorganization/obligations.py). A receiver returns ``{key: (label, count)}``,
the figures the preview prints, and runs inside the reorganization's transaction: if it fails, nothing is applied.

Arguments: ``effective_on`` (date), ``successions`` (the ``Succession`` rows just written, in order),
``touched_paths`` (the materialized paths a move, creation or ending changed, old and new), ``ended`` (the
ids of the organizations ended). Besides its figures, a receiver may return ``"notes": ("", [lines])``: lines
the preview prints after the steps, for what the office must still decide.
"""

from django.dispatch import Signal

reorganized = Signal()
