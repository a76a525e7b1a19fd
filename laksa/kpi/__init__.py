"""The city's performance: complaint counts filled by an idempotent job (counting.py) and the
dashboards at /kinerja/ that read only those counts; the government's own indicators (budget,
physical progress, procurement) live in kpi/indicators/."""
