"""Insights: three to five findings about an athlete's last weeks, by Claude or by the rule engine.

``rules.rule_insights(days, on)`` is pure and always available; ``claude`` asks the Messages API
(prompt caching, batches); ``service`` is the fallback chain and the database edge.
"""
