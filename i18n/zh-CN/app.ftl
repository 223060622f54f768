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

## 作业结果（作业区和状态栏）
app-recovered-lost = 已从 lost+found 重新登记 { $count } 个镜像
app-image-now = 镜像“{ $name }”现为{ $status }
app-imported = 已导入“{ $name }”（{ $size }）
app-uploaded = 已将 { $size } 上传到“{ $name }”
app-exported = 已将 { $size } 保存到 { $path }（校验和已验证）
app-verified = 已验证 { $size }：大小、md5 和 sha512 均一致
app-verified-damage-cleared = 已验证 { $size }：大小、md5 和 sha512 均一致（已清除损坏标记）
app-looked-inside = 已查看“{ $name }”内部：{ $os }
app-looked-inside-some-os = 已查看“{ $name }”内部：找到一个操作系统
app-looked-inside-no-os = 已查看“{ $name }”内部：未找到操作系统
# 转换写入文件（不建镜像）；$options 为 qemu-img 的选项（不翻译）。
app-converted-file = 已转换（{ $options }）
app-converted-verified = 已转换为“{ $name }”（{ $options }，{ $size }）；qemu-img compare 验证内容一致
app-converted-not-verified = 已转换为“{ $name }”（{ $options }，{ $size }）；未验证
app-resized = 已调整大小为新镜像“{ $name }”（虚拟大小 { $size }）

## 服务自身的问题
app-service-thread-failed = 无法启动服务线程：{ $error }
app-job-thread-failed = 无法启动作业线程：{ $error }
# $name：线程名（qemu-img、guest-conflicts 等）。
app-thread-failed = 无法启动 { $name } 线程：{ $error }
# $error：磁盘已满的说明。
app-read-only = { $error }——目录以只读方式打开

## 云的密钥（会话）
# 关于某个云的错误的主语。
app-subject-cloud = 云“{ $name }”
app-no-secret-hint = 没有密钥：请写入 secure.yaml 或 clouds.yaml、OS_PASSWORD / OS_APPLICATION_CREDENTIAL_SECRET、密钥环（cloud add --store-secret），或在终端上运行以便询问
app-no-passcode-hint = 没有 TOTP 验证码：每次都会询问（请在终端上运行），或在 secure.yaml 中以 auth.passcode 提供一次（环境变量方式用 OS_PASSCODE）
