calendarsdir = $(pkgdatadir)/calendars
dist_calendars_DATA = calendars/tr.cal
