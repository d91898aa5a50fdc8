"""How dates and times are written (`FORMAT_MODULE_PATH`): Django's own formats for en-GB, with ours in
place of the ones that differ, since with a locale the locale's formats win over the settings'.

The house rule (docs/design.md): dates in sentences and headings "29 November 2026" (`DATE_FORMAT`,
the `date` filter with no argument); in tables, lists and form fields "29/11/2026"
(`SHORT_DATE_FORMAT`); times on the 24-hour clock, "14:32" (`TIME_FORMAT`); never "2:45 p.m." or a
day without its year.

`WEEKDAY_DATE_FORMAT` is ours, not one of Django's names: a date in the coming days, where the day of the
week helps ("Friday 4 December 2026"); templates write it with the `weekday_date` filter
(core/templatetags/cpi.py)."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"  # Django's name (the admin's date drill-down); no page of ours uses it
WEEKDAY_DATE_FORMAT = "l j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
