"""The public API: `factbot.__all__` is sorted and every name in it exists."""

import factbot


def test_all_is_sorted_and_importable() -> None:
    assert factbot.__all__ == sorted(factbot.__all__)
    for name in factbot.__all__:
        assert getattr(factbot, name) is not None
