# window：术语见 i18n/GLOSSARY.md。

window-no-cjk-font = 未安装中文字体，无法显示中文 (No CJK font is installed: install { $package } — apt install { $package })。
