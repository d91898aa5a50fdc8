# People's records are deliberately not in the admin site: administrators manage accounts, not caseloads.
