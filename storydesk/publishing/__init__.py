"""Publishing: the calendar of slots, the planner that fills it, and the targets stories go out to."""
