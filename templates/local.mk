templatesdir = $(pkgdatadir)/templates
dist_templates_DATA = templates/default.txt
