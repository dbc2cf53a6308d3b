"""What a Claude call costs, from its token usage (USD per million tokens, prompts under 100K).

Batches are billed at half price. Unknown models get no cost rather than a wrong one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Price:
    input: float
    output: float
    cache_write: float  # 5-minute cache
    cache_read: float


PRICES: dict[str, Price] = {
    "claude-haiku-5-5": Price(0.10, 0.50, 0.125, 0.01),
    "claude-haiku-4-5": Price(1.00, 5.00, 1.25, 0.10),
    "claude-haiku-4-5-20251001": Price(1.00, 5.00, 1.25, 0.10),
    "claude-sonnet-5-5": Price(2.00, 10.00, 2.50, 0.20),
}
BATCH_DISCOUNT = 0.5


def cost_usd(
    model: str, input_tokens: int, output_tokens: int, cache_read: int, cache_write: int, batch: bool = False
) -> float | None:
    price = PRICES.get(model)
    if price is None:
        return None
    total = (
        input_tokens * price.input
        + output_tokens * price.output
        + cache_read * price.cache_read
        + cache_write * price.cache_write
    ) / 1e6
    return round(total * (BATCH_DISCOUNT if batch else 1.0), 8)
