"""The load script's own arithmetic (the load itself is run by hand: python -m bench.load)."""

import math

from bench.load import percentile


def test_percentiles_stay_within_what_was_observed():
    few = [0.19, 0.2, 2.68]
    assert min(few) <= percentile(few, 50) <= percentile(few, 95) <= max(few)
    assert percentile(list(range(1, 102)), 50) == 51
    assert percentile([3.0], 95) == 3.0 and math.isnan(percentile([], 95))
