dist_man1_MANS = doc/temas.1
dist_man5_MANS = doc/temas.theme.5 doc/temas-macro.5
