"""One small module per screening step: a `name` and `check(ctx) -> StepResult`."""
