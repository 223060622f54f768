# window-remotes：术语见 i18n/GLOSSARY.md。

## 云列表（clouds.rs）

remotes-clouds-title = 云
remotes-clouds-empty = 还没有云：请添加一个，或在 clouds.yaml 或 OS_* 变量中定义。
remotes-clouds-source-workbench = 工作台文件
remotes-clouds-source-environment = 环境变量（OS_*）
remotes-clouds-answered = ● { $at } 有应答
remotes-clouds-unreachable = ● 自 { $since } 起无法连接
remotes-clouds-add = 添加云…
remotes-clouds-select-first = 请先选择一个云
remotes-clouds-defined-in = 定义于 { $source }：请在那里编辑
remotes-clouds-edit = 编辑…
remotes-clouds-remove = 移除…
remotes-clouds-test = 测试
remotes-clouds-test-hover = 认证并查看镜像服务
remotes-clouds-credential-user = （凭证所属用户）
remotes-clouds-token-user = （令牌所属用户）
remotes-clouds-credential-project = （凭证所属项目）
remotes-clouds-project = 项目 { $project }
remotes-clouds-region = 区域 { $region } · { $interface }
remotes-clouds-region-of = 区域 { $region } · { $interface }（区域列表：{ $regions }）
remotes-clouds-profile = 配置档 { $profile }（clouds-public.yaml）
remotes-clouds-client-cert = 客户端证书 { $path }
remotes-clouds-totp-never-kept = TOTP 验证码：每次连接时询问，从不保存
remotes-clouds-secret-in-file = { $secret }：在其定义文件或 OS_* 中
remotes-clouds-secret-in-keyring = { $secret }：在密钥环中，或连接时询问

remotes-secret-noun-password = 密码
remotes-secret-noun-app-credential = 应用程序凭证密钥
remotes-secret-noun-token = 令牌
remotes-secret-noun-totp = TOTP 验证码

## 连接测试结果（clouds.rs）

remotes-test-connected = 已连接
remotes-test-token-valid-until = 令牌有效期至 { $time }
remotes-test-image-api = 镜像 API { $version }，端点 { $endpoint }
remotes-test-as-user = 用户 { $user }
remotes-test-project = 项目 { $name }（{ $id }）
remotes-test-project-id = 项目 ID { $id }
remotes-test-import-methods = 导入方式：{ $methods }
remotes-test-stores = 存储后端：{ $stores }
remotes-test-not-connected = 未连接

## 各对话框共用

remotes-cancel = 取消

## 云表单（dialogs.rs、forms.rs）

remotes-form-add-title = 添加云
remotes-form-edit-title = 编辑云
remotes-form-name = 云名称
remotes-form-auth-url = 认证 URL
remotes-form-auth-type = 认证方式
remotes-form-auth-password = 用户名和密码
remotes-form-auth-app-credential = 应用程序凭证
remotes-form-auth-totp = 用户名和 TOTP 验证码
remotes-form-auth-token = Keystone 令牌
remotes-form-app-credential-id = 应用程序凭证 ID
remotes-form-user-name = 用户名
remotes-form-project-name = 项目名称
remotes-form-project-id = 项目 ID
remotes-form-project-id-hint = （代替项目名称）
remotes-form-user-domain = 用户域
remotes-form-project-domain = 项目域
remotes-form-regions = 区域列表
remotes-form-regions-hint = RegionOne, RegionTwo（可选：clouds.yaml 的 regions）
remotes-form-region = 区域
remotes-form-region-first = { $region }（第一个）
remotes-form-interface = 接口
remotes-form-ca-file = CA 文件
remotes-form-ca-file-hint = /etc/ssl/certs/my-ca.pem（可选）
remotes-form-client-cert = 客户端证书
remotes-form-client-cert-hint = client.pem（可选）
remotes-form-client-key = 客户端私钥
remotes-form-client-key-hint = client.key（不在证书文件中时）
remotes-form-pick-ca = CA 证书包
remotes-form-verify = 验证证书
remotes-form-browse = 浏览…
remotes-form-browse-hover = 打开桌面的文件选择器（需要 xdg-desktop-portal）
remotes-form-browse-for = 浏览选择{ $what }
remotes-form-no-file-picked = 未选择文件（桌面文件对话框需要 xdg-desktop-portal）：请直接输入路径
remotes-form-totp-asked = 每次连接该云时询问，从不保存
remotes-form-secret-keep-hint = 留空则保留已保存的
remotes-form-secret-new-hint = 保存在密钥环中，从不写入文件
remotes-form-no-keyring = 此处没有运行密钥环服务：密钥只保存在内存中直到窗口关闭，下次会再次询问。
remotes-form-test = 测试连接
remotes-form-test-hover = 用这些设置进行认证（不保存任何内容）
remotes-form-save = 保存云
remotes-form-needs-name = 云需要一个名称
remotes-form-region-not-listed = 区域“{ $region }”不在其区域列表（{ $regions }）中
remotes-form-key-needs-cert = 客户端私钥需要配套的客户端证书

remotes-secret-password = 密码
remotes-secret-app-credential = 应用程序凭证密钥
remotes-secret-token = 令牌
remotes-secret-totp = TOTP 验证码

## 密钥提示框（dialogs.rs）

remotes-prompt-title = 云“{ $cloud }”的密钥
remotes-prompt-kept = 云“{ $cloud }”的{ $secret }（仅在本次会话中保存在内存里）：
remotes-prompt-once = 云“{ $cloud }”的{ $secret }（只用于这一次连接，从不保存）：
remotes-prompt-secret = 密钥
remotes-prompt-connect = 连接

## 推送对话框（dialogs.rs）

remotes-push-title-one = 推送到云 { $cloud }
remotes-push-title-many = 推送到 { $count } 个云
remotes-push-images-to-cloud = 将 { $count } 个本地镜像推送到云“{ $cloud }”：
remotes-push-images-to-clouds = 将 { $count } 个本地镜像推送到 { $clouds } 个云：
remotes-push-more = …还有 { $count } 个
remotes-push-targets = 推送到勾选的云（数据只读取一次，同时发送到所有云）：
remotes-push-method = 方式
remotes-push-method-upload = 上传（upload）
remotes-push-method-glance-direct = 直接上传（glance-direct）
remotes-push-upload-hover = 用 PUT 上传数据（云拒绝直接上传时改用 glance-direct）
remotes-push-glance-direct-hover = 先暂存数据再导入（Glance 的可互操作导入）
remotes-push-keep-failed = 推送失败时保留远程镜像
remotes-push-stores-direct = 选定的存储后端通过 glance-direct（导入 API）写入。
remotes-push-inspected = 先检查数据；远程的 os_hash_value 会与本地值核对。
remotes-push-start = 开始推送
remotes-push-tick-one = 请至少勾选一个云

## 相同数据的询问（dialogs.rs）

remotes-same-pull-title = 本地镜像库中已有相同数据
remotes-same-pull-link = 关联到现有镜像
remotes-same-pull-copy = 再拉取一份副本
remotes-same-pull-explained = “关联”会把该远程镜像记为本地镜像“{ $label }”（{ $id }）的来源；不下载任何数据，同步时两者配对。
remotes-same-push-title = 云上已有相同数据
remotes-same-push-link = 关联到现有远程镜像
remotes-same-push-copy = 再推送一份副本
remotes-same-push-explained = “关联”会把远程镜像“{ $label }”（{ $id }）记为此镜像在云“{ $cloud }”上的对应镜像；不上传任何数据，同步时两者配对。

## 确认（dialogs.rs）

remotes-confirm-remove-cloud = 移除云“{ $name }”？
remotes-confirm-remove-cloud-detail = 它将从工作台的云定义文件中移除，其密钥也会从密钥环中删除。
remotes-confirm-remove-cloud-button = 移除云
remotes-confirm-delete-remote = 删除云 { $cloud } 上的“{ $label }”？
remotes-confirm-delete-remote-detail = Glance 会删除云上的镜像及其数据；此操作无法撤销。
remotes-confirm-delete-remote-button = 在云上删除
remotes-confirm-clear-cache = 清空云 { $cloud } 的服务器镜像缓存？
remotes-confirm-clear-queue = 清空云 { $cloud } 的服务器镜像缓存预取队列？
remotes-confirm-clear-detail = 镜像仍保留在云上；在重新缓存之前，API 节点会再次从存储后端提供它们。
remotes-confirm-clear-cache-button = 清空缓存
remotes-confirm-clear-queue-button = 清空队列
remotes-confirm-delete-from-store = 删除云 { $cloud } 上存储后端 { $store } 中的“{ $label }”？
remotes-confirm-delete-from-store-detail = Glance 只删除该镜像在此存储后端中的数据；镜像本身及其在其他存储后端中的数据保留。
remotes-confirm-delete-from-store-button = 从此存储后端删除

## 远程镜像详情（detail.rs）

remotes-detail-select = 选择一个远程镜像以查看其详情。
remotes-detail-loading = 正在加载镜像…
remotes-detail-owned-by = 属于项目 { $project }：只有其所有者或管理员可以修改。
remotes-detail-admin-edit = 我是管理员：仍然编辑
remotes-detail-yes = 是
remotes-detail-no = 否
remotes-detail-status = 状态
remotes-detail-formats = 格式
remotes-detail-size = 大小
remotes-detail-virtual-size = 虚拟大小
remotes-detail-checksum = 校验和（md5）
remotes-detail-visibility = 可见性
remotes-detail-protected-hidden = 受保护 / 隐藏
remotes-detail-owner = 所有者
remotes-detail-min-disk-ram = 最小磁盘 / 最低内存
remotes-detail-stores = 存储后端
remotes-detail-created = 创建于
remotes-detail-updated = 更新于
remotes-detail-edit-heading = 在云上编辑
remotes-detail-name = 名称
remotes-detail-protected = 受保护的
remotes-detail-hidden = 隐藏
remotes-detail-min-disk = 最小磁盘 (GiB)
remotes-detail-min-ram = 最低内存 (MiB)
remotes-detail-save = 保存更改
remotes-detail-deactivate = 取消激活
remotes-detail-reactivate = 重新激活
remotes-detail-delete = 删除远程镜像…
remotes-detail-delete-protected = 受保护：在取消“受保护的”之前，Glance 拒绝删除它
remotes-detail-tags = 标签
remotes-detail-remove-tag = 移除此标签
remotes-detail-new-tag-hint = 新标签
remotes-detail-new-tag = 新远程标签
remotes-detail-add-tag = 添加标签
remotes-detail-remove-property = 移除此属性
remotes-detail-reserved-property = 此属性由 Glance 自行设置（os_glance_*、owner_specified.*、stores）：无法移除
remotes-detail-new-property = 新远程属性
remotes-detail-set-property = 设置属性
remotes-detail-type-key-value = 请输入 key=value
remotes-detail-suggest-cloud = 建议来自云 { $cloud } 的元数据定义
remotes-detail-suggest-builtin-none = 建议来自内置表：该云的元数据定义没有描述任何镜像属性
remotes-detail-suggest-builtin-error = 建议来自内置表：无法读取该云的元数据定义（{ $message }）
remotes-detail-suggest-builtin-loading = 建议来自内置表（正在读取该云的元数据定义…）
remotes-detail-value-warning = { $warning }（Glance 仍会接受）
remotes-detail-members = 成员
remotes-detail-members-count = 成员（{ $count }）
remotes-detail-members-shared-only = 只有共享镜像才有成员（请将可见性设为共享）。
remotes-detail-members-unreadable = 无法读取成员
remotes-detail-remove-member = 移除
remotes-detail-new-member-hint = 项目 ID
remotes-detail-new-member = 新远程成员
remotes-detail-add-member = 添加成员
remotes-detail-tasks = 任务
remotes-detail-tasks-count = 任务（{ $count }）

## 多存储后端的云（stores.rs）

remotes-stores-default = { $store }（默认）
remotes-stores-all = 所有存储后端
remotes-stores-all-hover = 该云的每个存储后端（all_stores）
remotes-stores-allow-failure = 某个存储后端失败时继续
remotes-stores-allow-failure-hover = all_stores_must_succeed = false：镜像保留在成功的存储后端中，失败的会被列出
remotes-stores-ticks-heading = 存储后端（都不勾选：使用默认存储后端）
remotes-stores-delete-from = 从存储后端删除
remotes-stores-delete-from-hover = DELETE /v2/stores/{ "{" }store{ "}" }/{ "{" }image{ "}" }：只删除此存储后端中的数据
remotes-stores-no-copy-image = 该云不提供 copy-image 导入方式
remotes-stores-in-every-store = 该镜像已在每个存储后端中
remotes-stores-copy-needs-active = 只能复制可用且没有导入正在写入的镜像
remotes-stores-copy = 复制到存储后端…
remotes-stores-copy-hover = 将数据复制到该云的更多存储后端中（copy-image）
remotes-import-url-button = 从 URL 导入…
remotes-import-url-button-hover = 在云上新建一个镜像，由云从 URL 获取其数据（web-download）
remotes-import-url-asking = 正在向云询问其导入方式…
remotes-import-url-not-offered = 该云不提供 web-download 导入方式
remotes-import-url-title = 从 URL 导入到云 { $cloud }
remotes-import-url-intro = 由云自行获取数据（web-download）；URL 必须是其导入过滤规则允许的地址。
remotes-import-url-name = 新镜像名称
remotes-import-url-url = 源 URL
remotes-import-url-disk-format = 磁盘格式
remotes-import-url-start = 开始导入
remotes-import-url-not-ready = 需要名称和 http(s) URL
remotes-copy-stores-title = 将“{ $image }”复制到存储后端
remotes-copy-stores-now-in = 当前位于：{ $stores }。勾选要复制到的存储后端（copy-image）：
remotes-copy-stores-start = 复制到存储后端
remotes-copy-stores-tick-first = 请先勾选一个存储后端

## 配额条（usage.rs）

remotes-usage-quota = 配额
remotes-usage-quota-hover = 项目的使用量与该云的限制（/v2/info/usage）
remotes-usage-unreadable = 无法读取使用量
remotes-usage-not-shown = 不显示：{ $reason }
remotes-usage-refresh = 刷新使用量
remotes-usage-refresh-hover = 重新读取使用量
remotes-usage-images = 镜像
remotes-usage-size = 大小
remotes-usage-staging = 暂存
remotes-usage-uploading = 上传中
remotes-usage-of = 已用 { $used }，共 { $limit }
remotes-usage-no-limit = 已用 { $used }（无限制）
remotes-usage-bar = { $title } { $summary }
remotes-usage-bar-hover = { $resource }（{ $what }）：{ $summary }

## “服务器镜像缓存”标签页：Glance 在云 API 节点上的镜像缓存，不是工作台的本地拉取缓存
## （server_cache.rs）

remotes-cache-reading = 正在读取服务器镜像缓存…
remotes-cache-intro = Glance 在该云 API 节点上的服务器镜像缓存（不是本工作台的本地拉取缓存）。
remotes-cache-refresh = 刷新
remotes-cache-queue-selected = 将所选加入预取队列（{ $count }）
remotes-cache-queue-selected-hover = 将“镜像”标签页中所选的镜像加入预取队列
remotes-cache-select-first = 请先在“镜像”标签页中选择镜像
remotes-cache-image-id = 镜像 ID
remotes-cache-image-id-hint = 要加入队列的镜像 ID
remotes-cache-queue-id = 按 ID 加入队列
remotes-cache-queue-id-hover = 将此镜像加入预取队列
remotes-cache-clear-cache = 清空缓存…
remotes-cache-clear-cache-hover = 从 API 节点移除所有已缓存的镜像
remotes-cache-clear-queue = 清空队列…
remotes-cache-clear-queue-hover = 移除所有等待预取的镜像
remotes-cache-no-clean-prune = 清理和修剪需要镜像 API 2.18，而该云不提供
remotes-cache-clean = 清理
remotes-cache-clean-hover = 移除 API 节点上无效的条目和停滞的下载
remotes-cache-prune = 修剪
remotes-cache-prune-hover = 移除最近最少使用的镜像，直到缓存低于该云的上限
remotes-cache-unavailable = 该云不提供服务器镜像缓存：{ $reason }
remotes-cache-cached-count = 已缓存的镜像：{ $count }（{ $size }）
remotes-cache-queued-count = 排队中的镜像：{ $count }
remotes-cache-col-name = 名称
remotes-cache-col-size = 大小
remotes-cache-col-hits = 命中次数
remotes-cache-col-last-accessed = 最近访问
remotes-cache-delete = 删除
remotes-cache-delete-hover = 从服务器镜像缓存中移除此镜像（镜像本身保留）
remotes-cache-remove-from-queue = 移出队列

## 云的镜像目录：筛选、分页、拉取与预取（catalog.rs）

remotes-catalog-name-hint = 精确名称
remotes-catalog-name-filter = 远程名称筛选
remotes-catalog-name-filter-hover = Glance 的名称筛选（精确匹配）
remotes-catalog-status = 状态
remotes-catalog-any = 任意
remotes-catalog-member-status = 成员状态
remotes-catalog-visibility = 可见性
remotes-catalog-default = 默认
remotes-catalog-all = 全部
remotes-catalog-tag-hint = 标签
remotes-catalog-tag-filter = 远程标签筛选
remotes-catalog-per-page = 每页 { $count } 个
remotes-catalog-page-size = 每页数量
remotes-catalog-previous = ‹ 上一页
remotes-catalog-page = 第 { $page } 页 · { $count } 个镜像
remotes-catalog-next = 下一页 ›
remotes-catalog-next-hover = 跟随 Glance 的 next 链接
remotes-catalog-refresh = 刷新
remotes-catalog-refresh-hover = 从第一页重新列出
remotes-catalog-cannot-list = 无法列出
remotes-catalog-stale = 已过时：下面的行来自 { $at }；点击“刷新”重新获取。
remotes-catalog-select-active = 请先选择可用的远程镜像
remotes-catalog-pull = ◂ 拉取
remotes-catalog-pull-hover = 将所选镜像拉取到本地镜像库（或将其拖到本地镜像库上）
remotes-catalog-prefetch = 预取到本地拉取缓存
remotes-catalog-prefetch-hover = 只下载到本地拉取缓存（缓存队列）
remotes-catalog-accept = 接受
remotes-catalog-reject = 拒绝
remotes-catalog-select-shared = 请先选择共享镜像
remotes-catalog-drop-hint = 将本地镜像拖放到表格上即可推送
