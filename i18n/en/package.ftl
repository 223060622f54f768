# Messages of this area; ids are checked against the other language by src/i18n/tests.rs.

# `--lang xx` or GLANCE_WORKBENCH_LANG=xx: printed in every language, English first.
package-unknown-lang = unknown language "{ $value }": choose en or zh-CN
