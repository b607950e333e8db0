dist_theme_DATA +=
