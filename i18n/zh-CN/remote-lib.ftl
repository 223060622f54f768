# remote-lib：库自身的消息（错误、提示）。术语见 i18n/GLOSSARY.md。

## 远程错误（RemoteError 的显示）：先是上下文，再是出了什么问题

rlib-error-config = 云“{ $cloud }”：{ $problem }
rlib-error-http = { $context }：{ $meaning }
rlib-error-connect = { $context }：无法连接 { $server }：{ $detail }
rlib-error-timeout = { $context }：{ $url } 在 { $seconds } 秒内没有应答
rlib-error-protocol = { $context }：意外的应答：{ $problem }
rlib-error-verify = { $context }：校验失败：{ $problem }
rlib-error-failed = { $context }：{ $problem }
rlib-error-cancelled = { $context }：已取消
rlib-error-io = { $action }：{ $error }：{ $path }
rlib-the-server = 服务器
rlib-connection-failed = 连接失败：{ $detail }
rlib-with-note = { $text }（{ $note }）
rlib-problem-and-note = { $problem }；{ $note }
rlib-subject-problem = { $subject }：{ $problem }
rlib-list-separator = {"；"}
rlib-list-comma = {"，"}

## HTTP 错误状态的含义

rlib-http-400 = 请求因无效而被拒绝（HTTP 400）
rlib-http-401 = 认证失败（HTTP 401）：请检查用户名、密码或应用程序凭证
rlib-http-403 = 禁止访问（HTTP 403）
rlib-http-404 = 未找到（HTTP 404）
rlib-http-409 = 与当前状态冲突（HTTP 409）
rlib-http-410 = 已不存在（HTTP 410）
rlib-http-413 = 过大或超出配额（HTTP 413）
rlib-http-415 = 数据与镜像的 disk_format/container_format 不符（HTTP 415）：Glance 会检查上传内容并拒绝其他格式的内容；请设置数据实际的格式
rlib-http-429 = 请求过多（HTTP 429）
rlib-http-503 = 服务不可用（HTTP 503）
rlib-http-5xx = 服务器出错
rlib-http-other = 请求失败
rlib-http-quota = { $line }（HTTP 413）
rlib-http-with-status = { $meaning }（HTTP { $status }）
rlib-http-with-status-message = { $meaning }（HTTP { $status }）：{ $message }
rlib-http-with-message = { $meaning }：{ $message }

## 失败的文件操作

rlib-io-cannot-read = 无法读取
rlib-io-cannot-open = 无法打开
rlib-io-cannot-create = 无法创建
rlib-io-cannot-write = 无法写入
rlib-io-cannot-flush = 无法刷新写入
rlib-io-cannot-finish = 无法完成
rlib-io-cannot-replace = 无法替换
rlib-io-cannot-create-cache-dir = 无法创建缓存目录
rlib-io-cannot-create-cache = 无法创建缓存
rlib-io-cannot-reuse-partial = 无法复用未完成的下载
rlib-io-cannot-read-ca = 无法读取 CA 文件
rlib-io-cannot-read-cert = 无法读取客户端证书
rlib-io-cannot-read-key = 无法读取客户端密钥
rlib-io-cannot-start-runtime = 无法启动网络运行时
rlib-io-cannot-start-copy-thread = 无法启动复制线程
rlib-io-cannot-start-push-thread = 无法启动推送线程
rlib-io-cannot-start-upload-reader = 无法启动上传读取线程
rlib-io-cannot-start-hashing-thread = 无法启动哈希计算线程
rlib-io-cannot-write-received = 无法写入收到的数据

## 上下文：当时在做什么

rlib-subject-cloud = 云“{ $name }”
rlib-context-call = 云“{ $cloud }”：{ $method } { $path }
rlib-context-image = 云“{ $cloud }”：镜像 { $id }
rlib-context-auth = 云“{ $cloud }”：在 { $url } 认证
rlib-context-push-to = 推送到云“{ $cloud }”
rlib-context-push-of = 云“{ $cloud }”：推送镜像“{ $image }”
rlib-context-copy-of = 云“{ $cloud }”：复制镜像“{ $image }”
rlib-context-copy = 把镜像 { $id } 从云“{ $from }”复制到“{ $to }”
rlib-context-server-cache = 云“{ $cloud }”：服务器端镜像缓存
rlib-subject-remote-image = 云“{ $cloud }”的远程镜像“{ $label }”（{ $id }）

## 问题

rlib-problem-no-token = Keystone 的应答中没有“token”
rlib-problem-no-expiry = 令牌没有 expires_at
rlib-problem-no-endpoint = 服务目录中没有接口 { $interface } 的镜像端点
rlib-problem-no-endpoint-in-region = 服务目录中没有区域 { $region } 内接口 { $interface } 的镜像端点
rlib-problem-totp-expired = 由 TOTP 验证码换得的令牌已过期：请用新的验证码重新连接
rlib-problem-totp-not-stored = TOTP 验证码每次都要输入，从不保存
rlib-problem-no-subject-token = 没有 X-Subject-Token 头
rlib-problem-not-json = 不是 JSON：{ $error }
rlib-problem-token-header = 令牌不是有效的 HTTP 头的值
rlib-problem-http-client = 无法创建 HTTP 客户端：{ $error }
rlib-problem-key-without-cert = 设置了 key 却没有 cert
rlib-problem-discovery-status = 版本发现的应答是 HTTP { $status }
rlib-problem-only-active = 只有可用（active）的镜像才能推送（它现在是 { $status }）
rlib-problem-refused-quota = 在发送任何数据之前已拒绝：{ $over }
rlib-problem-stuck = { $seconds } 秒后仍是 { $status }（卡住了；请查看镜像的任务）
rlib-problem-import-task-failed = 导入任务失败：{ $message }
rlib-problem-import-task-failed-in = 导入任务在存储后端 { $stores } 中失败：{ $message }
rlib-problem-import-failed-in = 导入在存储后端 { $stores } 中失败
rlib-problem-became = 远程镜像变成了 { $status }
rlib-problem-no-method = 它不提供 { $method } 导入方式（它提供：{ $offered }）
rlib-problem-no-method-none = 它不提供 { $method } 导入方式（它不提供任何导入方式）
rlib-problem-no-store = 没有存储后端 { $unknown }（它的存储后端：{ $known }）
rlib-problem-name-a-store = 请至少指定一个存储后端（或所有存储后端）
rlib-problem-no-data-to-download = 它没有可下载的数据（状态 { $status }）
rlib-problem-no-size = 镜像没有大小
rlib-problem-no-sha512 = 镜像没有可用于校验的 sha512 os_hash_value（os_hash_algo { $algo }）
rlib-problem-partial-size = 未完成的文件有 { $size } 字节，应为 { $expected }
rlib-problem-received-size = 收到 { $size } 字节，镜像有 { $expected } 字节
rlib-problem-sha512-differs = sha512 { $sha512 } 与 os_hash_value { $hash } 不同
rlib-problem-source-no-data = 源镜像没有数据（状态 { $status }）
rlib-problem-source-sha512 = 从源读取的数据 sha512 为 { $sha512 }，而不是其 os_hash_value { $hash }
rlib-problem-copy-hash = 副本的 os_hash_value { $copy } 与源的 { $hash } 不同
rlib-problem-copy-same-data = 云“{ $cloud }”的远程镜像“{ $label }”（{ $id }）已有相同的数据（os_hash_value 和大小 { $size } 字节）；未复制任何内容
rlib-problem-thread-failed = 它的线程失败了
rlib-problem-reader-thread = 读取数据的线程无法运行
rlib-problem-no-image-named = 没有名为“{ $name }”的镜像（请给出镜像 ID 或名称）
rlib-problem-several-named = 有多个镜像名为“{ $name }”：请给出其 ID

## 作业步骤（作业的提示；任务中以英文记录）

rlib-step-starting = 正在开始
rlib-step-creating = 正在云 { $cloud } 上创建镜像
rlib-step-uploading = 正在上传 { $size } 字节到 { $id }
rlib-step-direct-refused = 直接上传被拒绝（{ $error }）；改用 glance-direct
rlib-step-staging = 正在为 { $id } 暂存 { $size } 字节
rlib-step-glance-direct = 正在开始 glance-direct 导入到{ $stores }
rlib-step-applying-members = 已校验；正在设置成员
rlib-step-reusing = 正在复用缓存中已有的 { $size } 字节
rlib-step-downloading = 正在从第 { $offset } 字节起下载 { $size } 字节
rlib-step-streaming = 正在把 { $size } 字节传入 { $id }
rlib-step-copy-image = 正在开始 copy-image 到{ $stores }
rlib-step-import-url = 云 { $cloud } 正在把 { $url } 获取到{ $stores }
rlib-note-remote-status = 远程状态 { $status }
rlib-note-status-and-task = 远程状态 { $status }；导入任务 { $task } { $message }
rlib-note-stores = 存储后端 { $stores }
rlib-note-import-task = 导入任务 { $status } { $message }
rlib-note-and = { $first }；{ $next }
rlib-note-kept = 远程镜像 { $id } 已保留（--keep-failed）
rlib-lane-linked = 已关联到 { $id }
rlib-lane-verified = 已校验为 { $id }
rlib-lane-failed = 失败：{ $error }
rlib-lane-note = { $cloud }：{ $note }

## 存储的选择

rlib-stores-all = 所有存储后端
rlib-stores-default = 默认存储后端
rlib-stores-named = 存储后端 { $stores }
rlib-stores-failures-allowed = { $what }（允许失败）
rlib-stores-none = （无）
rlib-stores-details-refused = 详情被拒绝（{ $error }）；显示简单列表
rlib-stores-single = 该云只有一个存储后端（没有 enabled_backends）

## 配额

rlib-quota-size = 镜像总大小
rlib-quota-stage = 暂存数据
rlib-quota-count = 镜像数
rlib-quota-uploading = 正在上传的镜像数
rlib-quota-other = 配额
rlib-quota-of = { $used } / { $limit }
rlib-quota-no-limit = { $used }（无限制）
rlib-quota-over = { $resource }（{ $what }）的限制为 { $limit }；项目已用 { $usage }，此操作还需要 { $delta }
rlib-quota-refused = Glance 因超出项目配额而拒绝：{ $limits }
rlib-quota-none-enforced = 该云不限制各项目的镜像配额（其使用量为空：Glance 的 use_keystone_limits 未开启）
rlib-quota-needs-api = 配额使用量需要镜像 API { $version }（/v2/info/usage），而该云未提供（{ $offered }）
rlib-versions-offered = 它提供 { $low } 到 { $high }
rlib-versions-none = 它的版本发现中没有 v2 版本
rlib-cache-needs-api = 服务器端镜像缓存 API 需要镜像 API { $version }，而该云未提供（{ $offered }）：其 API 节点上未启用 Glance 的镜像缓存
rlib-cache-clean-needs-api = 清理和修剪需要镜像 API { $version }，而该云未提供（{ $offered }）：其 API 节点上未启用 Glance 的镜像缓存

## 作业结果

rlib-outcome-push-linked = 已关联到云 { $cloud } 的远程镜像 { $id }，它已有相同的数据（未推送任何内容）
rlib-outcome-pushed = 已推送到云 { $cloud }，ID 为 { $id }（{ $method }，os_hash_value 已校验）
rlib-outcome-pushed-into = 已推送到云 { $cloud }，ID 为 { $id }（{ $method }，os_hash_value 已校验，位于 { $stores }）
rlib-outcome-failed-in-stores = { $done }；在存储后端 { $stores } 中失败
rlib-outcome-pull-linked = 已把“{ $label }”关联到云 { $cloud } 的远程镜像 { $id }，它已有相同的数据（未拉取任何内容）
rlib-outcome-already-pulled = 已拉取为“{ $label }”
rlib-outcome-pulled = 已从云 { $cloud } 拉取“{ $label }”（{ $size }，sha512 已校验）
rlib-outcome-cached = 已缓存云 { $cloud } 的远程镜像 { $id }（{ $size }，sha512 已校验）
rlib-outcome-updated = 已更新远程镜像“{ $label }”的元数据
rlib-outcome-stuck-deleted = 已删除卡住的远程镜像 { $id }
rlib-outcome-stuck-gone = 卡住的远程镜像 { $id } 已不存在
rlib-cloud-line-linked = 已关联到 { $id }，它已有相同的数据
rlib-cloud-line-pushed = 已推送，ID 为 { $id }（{ $method }，已校验）
rlib-cloud-line-done = 云 { $cloud }：{ $done }
rlib-cloud-line-failed = 云 { $cloud }：失败：{ $why }
rlib-outcome-push-many-failed = 推送到 { $count } 个云中有 { $failed } 个失败：{ $lines }
rlib-outcome-pushed-many = 已推送到 { $count } 个云，os_hash_value 均已校验：{ $lines }
rlib-same-data-more-clouds = { $message }（云 { $clouds } 也是如此）
rlib-outcome-copied-into-stores = 已在云 { $cloud } 上把远程镜像“{ $label }”复制到{ $choice }：现位于 { $stores }
rlib-outcome-deleted-from-store = 已在云 { $cloud } 上从存储后端 { $store } 删除远程镜像“{ $label }”：现位于 { $stores }
rlib-outcome-imported-url = 已在云 { $cloud } 上从 { $url } 导入“{ $label }”，ID 为 { $id }（{ $size }，位于{ $stores }）

## 同步

rlib-sync-subject = 与云 { $cloud } 同步
rlib-sync-summary = 与云 { $cloud } 同步：已完成 { $done } 个操作{ $recorded ->
        [yes] ；已记为最近一次完成的同步
       *[no] {""}
    }
rlib-sync-summary-failed = 与云 { $cloud } 同步：已完成 { $done } 个操作，{ $failed } 个失败{ $recorded ->
        [yes] ；已记为最近一次完成的同步
       *[no] {""}
    }
rlib-sync-summary-refused = 与云 { $cloud } 同步：已完成 { $done } 个操作，{ $count } 个被拒绝（{ $refused }）{ $recorded ->
        [yes] ；已记为最近一次完成的同步
       *[no] {""}
    }
rlib-sync-summary-failed-refused = 与云 { $cloud } 同步：已完成 { $done } 个操作，{ $failed } 个失败，{ $count } 个被拒绝（{ $refused }）{ $recorded ->
        [yes] ；已记为最近一次完成的同步
       *[no] {""}
    }
rlib-sync-refused-quota = 推送开始前已拒绝：云“{ $cloud }”：{ $over }
rlib-sync-step = { $index }/{ $total }：{ $what }
rlib-sync-step-push = 推送 { $label }
rlib-sync-step-pull = 拉取 { $label }
rlib-sync-step-update = 更新 { $label }
rlib-sync-step-delete = 删除卡住的 { $label }
rlib-sync-pushed-as = 已推送，ID 为 { $id }
rlib-sync-pulled-as = 已拉取，ID 为 { $id }
rlib-sync-updated = 已更新远程元数据
rlib-sync-stuck-deleted = 已删除卡住的远程镜像
rlib-sync-stuck-gone = 卡住的远程镜像已不存在
rlib-sync-conflict-skipped = 两边的数据不同；请明确选择推送或拉取

## 服务器端镜像缓存

rlib-server-cache-queued = 云 { $cloud }：{ $count } 个镜像已加入服务器端缓存队列
rlib-server-cache-removed = 云 { $cloud }：已从服务器端缓存移除 { $count } 个镜像
rlib-server-cache-cached-removed = 已移除 { $count } 个已缓存的镜像
rlib-server-cache-queued-removed = 已移除 { $count } 个排队的镜像
rlib-server-cache-target-cache = 缓存
rlib-server-cache-target-queue = 队列
rlib-server-cache-target-both = 缓存和队列
rlib-server-cache-cleared = 云 { $cloud }：已清空服务器端{ $what }
rlib-server-cache-cleared-counts = 云 { $cloud }：已清空服务器端{ $what }（{ $counts }）
rlib-server-cache-cleaned = 云 { $cloud }：已清理服务器端缓存（移除了无效和停滞的条目）
rlib-server-cache-pruned = 云 { $cloud }：已修剪服务器端缓存：移除了 { $count } 个镜像（{ $size }）

## 本地拉取缓存、清理、云

rlib-cache-cap-set = 缓存上限已设为 { $size }
rlib-cache-entry-removed = 已移除“{ $name }”的缓存条目（{ $size }）
rlib-cache-pruned = 已修剪缓存：移除了 { $count } 个条目（{ $size }）
rlib-cache-cleaned = 已清理缓存：移除了 { $count } 个条目（{ $size }）
rlib-cache-no-entry = 没有云“{ $cloud }”的镜像 { $id } 的缓存条目
rlib-cache-entry-subject = 镜像 { $id } 的缓存条目
rlib-cache-entry-partial = 它尚未完成：可能仍有传输在写入（没有拉取在运行时，cache clean 会移除未完成的条目）
rlib-cleanups-done = 云 { $cloud }：已完成 { $count } 项待进行的清理
rlib-cleanups-pending = 云 { $cloud }：仍有 { $count } 项清理待进行：{ $first }
rlib-cleanups-none = 云 { $cloud }：没有待进行的清理
rlib-cloud-saved-unchanged = 云“{ $cloud }”已保存到 { $path }（其中不含密钥）；其密钥未变
rlib-cloud-saved-keyring = 云“{ $cloud }”已保存到 { $path }（其中不含密钥）；其密钥在密钥环中
rlib-cloud-saved-memory = 云“{ $cloud }”已保存到 { $path }（其中不含密钥）；没有运行中的密钥环服务：其密钥保存在内存中，直到窗口关闭
rlib-cloud-not-in-file = 云“{ $name }”不在工作台的云文件中（clouds.yaml 和 OS_* 的云在那里编辑）

## 另一边已有相同的数据；名称

rlib-subject-local-image = 本地镜像“{ $label }”（{ $id }）
rlib-problem-pull-same-data = 本地镜像“{ $label }”（{ $id }）已有相同的数据（sha512 和大小 { $size } 字节）；未拉取任何内容
rlib-problem-push-same-data = 云“{ $cloud }”的远程镜像“{ $label }”（{ $id }）已有相同的数据（os_hash_value 和大小 { $size } 字节）；未推送任何内容
rlib-problem-linked-elsewhere = 它已关联到云“{ $cloud }”的镜像 { $id }；请改用复制
rlib-no-remote-image = 云“{ $cloud }”：没有名称或 ID 为“{ $name }”的镜像
rlib-problem-ambiguous-name = 有 { $count } 个镜像名为“{ $name }”：请使用 ID（{ $ids }）

## 云的定义（clouds.yaml）

rlib-config-not-set = 未设置 { $what }
rlib-config-no-user = 未设置 auth.username（或 auth.user_id）
rlib-config-no-project = 未设置 auth.project_name（或 auth.project_id）
rlib-config-no-credential = 未设置 auth.application_credential_id（或其名称加用户）
rlib-config-bad-interface = 接口“{ $interface }”不是 public、internal 或 admin
rlib-config-bad-region-entry = regions 中有一项既不是名称，也不是只含 name 和 values 的映射
rlib-config-regions-not-list = regions 不是列表
rlib-config-unknown-region = 区域“{ $region }”不在它的区域中（{ $regions }；名称区分大小写）
rlib-config-bad-yaml = 不是有效的 YAML：{ $error }
rlib-config-profile-not-in = profile“{ $profile }”不在 { $path } 的 public-clouds 中
rlib-config-profile-no-vendor-file = profile“{ $profile }”不在任何 clouds-public.yaml 中（在 clouds.yaml 的搜索目录旁没有找到）
rlib-config-no-cloud-chosen = 未选择云：请使用 --cloud NAME 或设置 OS_CLOUD
rlib-config-no-such-cloud = clouds.yaml、工作台的云和 OS_* 中都没有这个云（已知：{ $known }）
rlib-config-no-such-cloud-none = clouds.yaml、工作台的云和 OS_* 中都没有这个云（已知：无）
