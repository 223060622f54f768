# app：应用服务在操作完成时的提示（窗口的状态栏）。术语见 i18n/GLOSSARY.md。

app-saved-image = 已保存镜像“{ $name }”
app-shared-with = 已共享给项目 { $project }
app-stopped-sharing = 已停止与项目 { $project } 共享
app-member-now = 成员 { $project } 现为 { $status }
app-saved-remote-image = 已保存远程镜像“{ $name }”
app-remote-deactivated = 远程镜像 { $id } 已取消激活
app-remote-reactivated = 远程镜像 { $id } 已重新激活
app-remote-deleted = 已删除远程镜像 { $id }
app-remote-shared = 已将远程镜像 { $id } 共享给项目 { $project }
app-remote-stopped-sharing = 已停止将远程镜像 { $id } 与 { $project } 共享
app-remote-membership = 远程镜像 { $id }：成员状态 { $status }
