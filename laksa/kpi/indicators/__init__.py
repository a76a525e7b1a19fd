"""The government's indicators per agency and period: budget realisation (keuangan), physical
progress of projects against their plan (fisik) and procurement packages by stage (pengadaan),
imported from the agencies' spreadsheets or pushed through the API."""
