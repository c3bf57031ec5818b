"""The dashboard's loading phases, as one small object the app keeps in its session.

A session's first run draws the title and the map only: the browser has nothing else to lay out, so the map
appears sooner.  The rest of the page follows on the next run, which starts when the map reports that it is
drawn, or when a timer fires twice without a report (a map that never reports must not leave the page bare).

    NEW --first run starts--> DRAWING_MAP --it ends--> MAP_ONLY --a whole-page run ends--> COMPLETE

A first run that is interrupted (a rerun before it ends) stays in DRAWING_MAP: the next run is quick again.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["PageLoading", "Phase"]


class Phase(enum.Enum):
    NEW = "new"  # no run yet: the widgets still take their values from the URL
    DRAWING_MAP = "drawing map"  # the quick first run is under way
    MAP_ONLY = "map only"  # the quick run ended: the title and map are on screen, the next run is whole
    COMPLETE = "complete"  # a run drew the whole page; every later run does too


@dataclass
class PageLoading:
    """Where a session is in loading its page.  Pure state: the app calls it, it never calls Streamlit.

    >>> loading = PageLoading()
    >>> loading.begin_run(), loading.phase.name
    (False, 'DRAWING_MAP')
    >>> loading.end_run(); loading.map_reported(); loading.should_complete_page()
    True
    >>> loading.begin_run(), loading.end_run(), loading.phase.name
    (True, None, 'COMPLETE')
    """

    phase: Phase = Phase.NEW
    _reported: bool = False
    _timer_armed: bool = False
    _whole_run: bool = False

    @property
    def is_new(self) -> bool:
        """True before the session's first run: the time to seed the widgets from the URL."""
        return self.phase is Phase.NEW

    def begin_run(self) -> bool:
        """Start a run; True when it draws the whole page, False for the quick map-only first run."""
        self._whole_run = self.phase in (Phase.MAP_ONLY, Phase.COMPLETE)
        if not self._whole_run:
            self.phase = Phase.DRAWING_MAP
        return self._whole_run

    def end_run(self) -> None:
        """The run reached the end of the script."""
        self.phase = Phase.COMPLETE if self._whole_run else Phase.MAP_ONLY

    def map_reported(self) -> None:
        """The map sent its first report (it is drawn in the browser)."""
        self._reported = True

    def should_complete_page(self) -> bool:
        """Asked by the map panel before it draws: True once, after a report, while the page is not complete."""
        reported, self._reported = self._reported, False
        return reported and self.phase is not Phase.COMPLETE

    def timer_fired(self) -> bool:
        """Asked by the fallback timer on each tick: True from its second tick on while the page is not complete
        (the first tick comes with the quick run itself)."""
        if self.phase is Phase.COMPLETE:
            return False
        armed, self._timer_armed = self._timer_armed, True
        return armed
