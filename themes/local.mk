dist_theme_DATA += \
	themes/default.theme \
	themes/high-contrast.theme \
	themes/light.theme \
	themes/mono.theme
