# window：术语见 i18n/GLOSSARY.md。

window-no-cjk-font = 未安装中文字体，无法显示中文 (No CJK font is installed: install { $package } — apt install { $package })。

## 顶栏、检查器的标签页、拖放的文件

window-import = 导入…
window-import-hint = 导入磁盘镜像文件（Ctrl+I）
window-new-blank = 新建空白镜像…
window-new-blank-hint = 用 qemu-img 创建一个空的磁盘镜像
window-data-dir-hint = 数据目录（注册表与镜像存储）：{ $dir }
window-open-failed = 无法打开镜像目录：{ $error }
window-start-new-registry = 新建注册表，镜像文件保留在 lost+found 中
window-lost-found = lost+found 中保留了 { $count } 个没有镜像引用的镜像文件（未删除任何内容）
window-register-again = 重新注册
window-recovered = 已新建注册表；镜像文件保留在 lost+found 中，直到重新注册
window-drop-upload = 将一个文件拖放到此处，把它的数据上传到 { $label }
window-drop-import = 拖放磁盘镜像以导入
window-tab-details = 详情
window-tab-sharing = 共享
window-tab-state = 状态
window-loading = 加载中…
window-select-hint = 在镜像目录中选择一个镜像。
window-selected-showing-one = 已选择 { $count } 个镜像；显示其中一个。
window-backend-busy = 后端繁忙：请重试
window-backend-stopped = 后端已停止
window-cannot-open = 无法打开窗口：{ $error }

## 主题

window-theme = 主题
window-theme-hint = 浅色或深色外观
window-theme-system = 跟随系统主题
window-theme-light = 浅色
window-theme-dark = 深色
window-damaged = ⚠ 已损坏
window-damaged-status = ⚠ { $status }（已损坏）
window-damaged-hint = 已损坏：存储的数据未通过大小或哈希校验（见“详情”）
window-brief-error = { $prefix }：{ $cause }

## 筛选栏与表格

window-search = 搜索
window-search-hint = 搜索名称、ID 或标签
window-filter-status = 状态
window-filter-format = 磁盘格式
window-filter-any = 任意
window-filter-visibility = 可见性
window-visibility-default = 默认
window-visibility-default-hint = Glance 的默认列表：除其他项目的社区镜像外的全部镜像
window-visibility-all = 全部
window-tag-hint = 标签
window-tag-filter = 标签筛选
window-tag-filter-hint = 只显示带有此标签（完全匹配）的镜像
window-property-hint = 属性 key=value
window-property-filter = 属性筛选
window-property-filter-hint = 只显示该属性为此值的镜像
window-hidden = 隐藏的
window-hidden-hint = 列出设置了 os_hidden 的镜像，而不是可见的镜像
window-clear-filters = 清除筛选
window-clear-filters-hint = 重新显示全部镜像（排序不变）
window-no-filter = 未设置筛选条件
window-count-selected = { $count } 个镜像 · 已选 { $selected } 个
window-updating = 更新中…
window-columns = 列
window-columns-hint = 选择表格显示的列（也可右键单击列标题）
window-sorted-by-this = 表格按此列排序
window-reset-widths = 重置列宽
window-reset-widths-hint = 按内容重新调整每一列的宽度
window-sort-hint = 按此列排序（再次单击反向）
window-column-name = 名称
window-column-status = 状态
window-column-disk = 磁盘格式
window-column-container = 容器格式
window-column-size = 大小
window-column-virtual-size = 虚拟大小
window-column-visibility = 可见性
window-column-protected = 受保护的
window-column-tags = 标签
window-column-updated = 更新于
window-yes = 是
window-no = 否
window-no-match = 没有符合这些筛选条件的镜像。
window-show-every-image = 重新显示全部镜像
window-catalog-empty = 镜像目录是空的。
window-empty-start = 可以先导入一个磁盘镜像文件、创建一个空白镜像，或添加一个云以从中拉取镜像。
window-empty-import = 导入文件…
window-empty-import-hint = 导入磁盘镜像文件（Ctrl+I；即顶栏的“导入…”）
window-empty-blank = 创建空白镜像…
window-empty-blank-hint = 用 qemu-img 创建一个空的磁盘镜像（即顶栏的“新建空白镜像…”）
window-empty-cloud = 添加云…
window-empty-cloud-hint = 转到“远程”并添加一个 OpenStack 云
window-copy-id = 复制 ID

## 生命周期：操作、拒绝原因与对话框

window-deactivate = 取消激活
window-reactivate = 重新激活
window-restore = 恢复
window-delete = 删除
window-delete-ellipsis = 删除…
window-save-as = 另存为…
window-menu-deactivate-refused = 只有可用的镜像可以取消激活
window-menu-reactivate-refused = 只有已取消激活的镜像可以重新激活
window-menu-restore-refused = 只有等待删除（pending_delete）的镜像可以恢复
window-menu-delete-refused = 已删除的镜像不能再次删除
window-menu-save-as-refused = 只能保存一个可用镜像的数据
window-refuse-deactivate = 只有可用的镜像可以取消激活（当前为{ $status }）
window-refuse-reactivate = 只有已取消激活的镜像可以重新激活（当前为{ $status }）
window-refuse-restore = 只有等待删除（pending_delete）的镜像可以恢复（当前为{ $status }）
window-refuse-delete-deleted = 镜像已被删除
window-refuse-delete-protected = 受保护的镜像不能删除：请先在详情中取消“受保护的”
window-export-deactivated = 镜像已取消激活：无法下载其数据（请先重新激活）
window-export-no-data = 镜像没有可下载的数据（状态为{ $status }）
window-upload-data-ellipsis = 上传数据…
window-upload-data-hint = 把一个文件上传到这个已排队的镜像（image upload）
window-protected-warning = 受保护的：在取消“受保护的”之前，Glance 拒绝删除它。
window-delete-one = 删除镜像“{ $label }”？
window-delete-many = 删除 { $count } 个镜像？
window-delete-explain = 其数据将被移除（启用延迟删除时以 pending_delete 状态保留，可以恢复）。
window-delete-protected = “{ $label }”是受保护的，不会被删除（请先取消保护）
window-delete-all-protected = 所选镜像都是受保护的
window-cancel = 取消
window-no-file-picked = 未选择文件（桌面文件对话框需要 xdg-desktop-portal）：请直接输入路径
window-upload-data = 上传数据
window-upload-explain = 把一个文件上传到已排队的镜像“{ $label }”。上传前会先检查：不安全的文件，或与镜像格式不符的文件，会被拒绝。
window-upload-path = 上传文件的路径
window-browse = 浏览…
window-browse-hint = 打开桌面的文件选择器（需要 xdg-desktop-portal）
window-upload = 上传
window-upload-needs-path = 请先输入路径或浏览选择文件
window-export-title = 保存镜像数据
window-export-explain = 把“{ $label }”的数据保存为文件。写入时会用其校验和进行验证。
window-export-path = 保存到路径
window-save = 保存

## 作业与通知

window-dismiss = 忽略
window-jobs = 作业
window-jobs-count = { $running } 个运行中，{ $finished } 个已结束
window-jobs-clear = 清除已结束的
window-job-select-hint = 选择该镜像
window-job-finishing = { $total } · 即将完成
window-job-progress = { $done } / { $total } · { $rate } · 剩余 { $eta }
window-job-cancel-hint = 停止此作业；不会留下写了一半的内容
window-job-done = 用时 { $took } 完成：{ $summary }
window-job-cancelled = { $took } 后已取消
window-job-failed = 失败：{ $message }
window-job-import = 导入 { $label }
window-job-upload = 上传 { $label }
window-job-export = 导出 { $label }
window-job-convert = 转换 { $label }
window-job-resize = 调整大小 { $label }
window-job-push = 推送 { $label }
window-job-pull = 拉取 { $label }
window-job-prefetch = 预取 { $label }
window-job-update-remote = 更新远程 { $label }
window-job-verify = 校验 { $label }
window-job-cleanup = 清理 { $label }
window-job-sync = 同步 { $label }
window-job-copy-to-stores = 复制到存储 { $label }
window-job-import-url = 从 URL 导入 { $label }
window-job-look-inside = 查看内部 { $label }

## 帮助：菜单、键盘快捷键、关于、日志文件夹

window-help = 帮助
window-help-shortcuts = 键盘快捷键
window-help-log-folder = 打开日志文件夹
window-help-log-folder-hint = 在文件管理器中显示 { $dir }
window-help-no-log-folder = 没有日志文件夹
window-help-about = 关于 Glance Workbench
window-close = 关闭
window-key-f1 = 显示这些键盘快捷键
window-key-import = 导入磁盘镜像文件
window-key-central = 显示“镜像目录”或“远程”
window-key-tabs = 显示“详情”“共享”或“状态”
window-key-import-all = 导入所有已就绪的文件（在“导入镜像”中）
window-key-esc = 关闭最上层的对话框或窗口；否则撤销“详情”中未保存的更改
window-key-save = 保存“详情”中未保存的更改
window-key-enter = 执行对话框的唯一操作（转换、创建、调整大小、保存云、开始推送）
window-key-move = 在镜像目录中移动（不在文本框中时）
window-key-ctrl-click = 把镜像加入选择，或从选择中移除
window-key-shift-click = 选择一个范围内的镜像
window-key-select-all = 选择镜像目录中已加载的行
window-key-delete = 删除所选镜像（会先询问）
window-about-description = OpenStack Glance 磁盘镜像的桌面工作台：本地注册表、存储、转换与同步
window-about-version = 版本
window-about-data-dir = 数据目录
window-about-log-folder = 日志文件夹
window-about-no-log-folder = 无（没有主文件夹）
window-about-looking = 查找中…
window-about-licence = 许可证
window-about-built-on = 构建于
window-about-sqlite = SQLite（内置于 rusqlite）属于公有领域；qemu-img 作为独立程序运行。
window-log-opened = 已打开日志文件夹 { $dir }
window-log-no-folder = 没有日志文件夹（没有主文件夹）：请设置 { $env }
window-log-cannot-spawn = 无法打开日志文件夹：{ $error }
window-log-cannot-create = 无法创建日志文件夹 { $dir }：{ $error }
window-log-cannot-run = 无法用 { $opener } 打开日志文件夹 { $dir }：{ $error }
window-log-opener-failed = 无法打开日志文件夹 { $dir }：{ $opener } 失败（{ $status }）
