"""End-of-turn detection: Smart Turn v3 features and model, the decision rule, the per-connection turn taker."""
