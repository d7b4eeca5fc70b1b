"""Intake channels, one folder each; every channel ends in actions.intake.receive_story."""
