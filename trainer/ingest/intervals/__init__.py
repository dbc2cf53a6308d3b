"""intervals.icu: wellness, activities and the athlete's sport settings read through its API with
the athlete's own API key; the score, check-in and coming week written back when they turn it on."""
