# window: see src/i18n/mod.rs for how ids are named and used.

# Shown when no CJK font is installed (the Chinese text of this notice carries English too).
window-no-cjk-font = No CJK font is installed, so Chinese text cannot be drawn: install { $package } (apt install { $package }).
