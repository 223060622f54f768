//! The main window in Chinese: the catalog, the menus, the switch, notices (egui_kittest by Chinese labels).
