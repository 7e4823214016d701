"""The big clock's font and sizing, without a terminal."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual.geometry import Size

from coach.widgets.big_clock import GLYPH_ROWS, big_lines, fitting_scale, pixel_width, pixels

clock_texts = st.builds(lambda m, s: f"{m}:{s:02d}", st.integers(0, 59), st.integers(0, 59))


def test_every_digit_is_its_own_shape():
    shapes = {tuple(pixels(d)) for d in "0123456789"}
    assert len(shapes) == 10
    assert all(len(set(map(len, pixels(d)))) == 1 for d in "0123456789:")


def test_scale_two_is_seven_rows_of_solid_pixels_two_columns_wide():
    lines = big_lines("1:00", 2)
    assert len(lines) == GLYPH_ROWS
    assert len(lines[0]) == pixel_width("1:00") * 2
    assert set("".join(lines)) <= {"█", " "}


@given(clock_texts, st.integers(1, 9))
def test_lines_are_as_tall_and_wide_as_the_scale_says(text, scale):
    lines = big_lines(text, scale)
    assert len(lines) == (GLYPH_ROWS * scale + 1) // 2
    assert {len(line) for line in lines} == {pixel_width(text) * scale}


@given(clock_texts, st.integers(1, 200), st.integers(1, 80))
def test_the_chosen_scale_fits_and_one_more_would_not(text, width, height):
    template = "".join("0" if ch.isdigit() else ch for ch in text)
    scale = fitting_scale(template, Size(width, height))
    if scale:
        lines = big_lines(text, scale)
        assert len(lines) <= height and len(lines[0]) <= width
    bigger = big_lines(template, scale + 1)
    assert len(bigger) > height or len(bigger[0]) > width


def test_at_80x24_the_digits_can_be_eleven_rows_and_at_120x40_twenty_one():
    # The room the timer screen leaves the clock at these sizes (see timer.tcss).
    assert len(big_lines("0:40", fitting_scale("0:00", Size(76, 12)))) == 11
    assert len(big_lines("0:40", fitting_scale("0:00", Size(116, 28)))) == 21


def test_too_small_for_one_pixel_shows_the_plain_text():
    assert fitting_scale("0:00", Size(10, 3)) == 0
    assert big_lines("0:40", 0) == ("0:40",)
