"""The CFA's company-search support for admissible candidates (R-CFA-1): needs, resources,
training days with a capacity and a waiting list."""
