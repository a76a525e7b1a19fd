from laksa.intake.email.command import Command  # noqa: F401
