"""geo.web.page_loading: the dashboard's loading phases, as the app drives them."""

from __future__ import annotations

from geo.web.page_loading import PageLoading, Phase


def test_first_run_is_quick_and_the_map_report_completes_the_page() -> None:
    loading = PageLoading()
    assert loading.is_new
    assert loading.begin_run() is False and loading.phase is Phase.DRAWING_MAP and not loading.is_new
    assert loading.should_complete_page() is False  # no report yet: the map fragment draws as usual
    loading.end_run()
    assert loading.phase is Phase.MAP_ONLY
    loading.map_reported()
    assert loading.should_complete_page() is True
    assert loading.should_complete_page() is False  # once per report
    assert loading.begin_run() is True
    loading.end_run()
    assert loading.phase is Phase.COMPLETE
    loading.map_reported()  # later reports (pans, clicks) never rerun the whole app
    assert loading.should_complete_page() is False
    assert loading.begin_run() is True


def test_a_silent_map_is_completed_by_the_timer_on_its_second_tick() -> None:
    loading = PageLoading()
    loading.begin_run()
    assert loading.timer_fired() is False  # the tick that comes with the quick run itself
    loading.end_run()
    assert loading.timer_fired() is True
    loading.begin_run()
    loading.end_run()
    assert loading.timer_fired() is False  # complete: the timer has nothing to do


def test_an_interrupted_first_run_is_quick_again() -> None:
    loading = PageLoading()
    loading.begin_run()  # a rerun interrupts it before end_run
    assert loading.begin_run() is False and loading.phase is Phase.DRAWING_MAP
    loading.end_run()
    assert loading.begin_run() is True
