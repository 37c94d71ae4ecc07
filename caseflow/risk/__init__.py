"""Doorplaatsing risk flags: explainable rules over a case's history, stored with their life
(raised, acknowledged, cleared), and measured against what really happened (the backtest)."""
