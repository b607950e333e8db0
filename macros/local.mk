macrosdir = $(pkgdatadir)/macros
dist_macros_DATA = macros/default.macros
