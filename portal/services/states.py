"""US states and DC, with their positions on the directory's tile map (row, column)."""
from __future__ import annotations

STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}

# A tile grid map: each state is one square, placed roughly where it lies.
TILE_POSITIONS: dict[str, tuple[int, int]] = {
    "AK": (1, 1), "ME": (1, 12),
    "VT": (2, 11), "NH": (2, 12),
    "WA": (3, 2), "ID": (3, 3), "MT": (3, 4), "ND": (3, 5), "MN": (3, 6), "IL": (3, 7),
    "WI": (3, 8), "MI": (3, 9), "NY": (3, 10), "MA": (3, 11), "RI": (3, 12),
    "OR": (4, 2), "NV": (4, 3), "WY": (4, 4), "SD": (4, 5), "IA": (4, 6), "IN": (4, 7),
    "OH": (4, 8), "PA": (4, 9), "NJ": (4, 10), "CT": (4, 11),
    "CA": (5, 2), "UT": (5, 3), "CO": (5, 4), "NE": (5, 5), "MO": (5, 6), "KY": (5, 7),
    "WV": (5, 8), "VA": (5, 9), "MD": (5, 10), "DE": (5, 11),
    "AZ": (6, 3), "NM": (6, 4), "KS": (6, 5), "AR": (6, 6), "TN": (6, 7), "NC": (6, 8),
    "SC": (6, 9), "DC": (6, 10),
    "OK": (7, 5), "LA": (7, 6), "MS": (7, 7), "AL": (7, 8), "GA": (7, 9),
    "HI": (8, 1), "TX": (8, 5), "FL": (8, 10),
}
assert set(TILE_POSITIONS) == set(STATES)
