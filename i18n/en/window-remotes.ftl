# window-remotes: see src/i18n/mod.rs for how ids are named and used.

## The clouds list (clouds.rs)

remotes-clouds-title = Clouds
remotes-clouds-empty = No clouds yet: add one, or define them in clouds.yaml or OS_* variables.
remotes-clouds-source-workbench = workbench file
remotes-clouds-source-environment = environment (OS_*)
remotes-clouds-answered = ● answered at { $at }
remotes-clouds-unreachable = ● unreachable since { $since }
remotes-clouds-add = Add cloud…
remotes-clouds-select-first = Select a cloud first
remotes-clouds-defined-in = Defined in { $source }: edit it there
remotes-clouds-edit = Edit…
remotes-clouds-remove = Remove…
remotes-clouds-test = Test
remotes-clouds-test-hover = Authenticate and describe the image service
remotes-clouds-credential-user = (the credential's user)
remotes-clouds-token-user = (the token's user)
remotes-clouds-credential-project = (the credential's project)
remotes-clouds-project = project { $project }
remotes-clouds-region = region { $region } · { $interface }
remotes-clouds-region-of = region { $region } · { $interface } (regions: { $regions })
remotes-clouds-profile = profile { $profile } (clouds-public.yaml)
remotes-clouds-client-cert = client certificate { $path }
remotes-clouds-totp-never-kept = TOTP passcode: asked for each connection, never kept
remotes-clouds-secret-in-file = { $secret }: in its file or OS_*
remotes-clouds-secret-in-keyring = { $secret }: keyring, or asked for

# The secret's word inside a sentence.
remotes-secret-noun-password = password
remotes-secret-noun-app-credential = application credential secret
remotes-secret-noun-token = token
remotes-secret-noun-totp = TOTP passcode

## A connection test's outcome (clouds.rs)

remotes-test-connected = Connected
remotes-test-token-valid-until = Token valid until { $time }
remotes-test-image-api = Image API { $version } at { $endpoint }
remotes-test-as-user = as user { $user }
remotes-test-project = project { $name } ({ $id })
remotes-test-project-id = project id { $id }
remotes-test-import-methods = import methods: { $methods }
remotes-test-stores = stores: { $stores }
remotes-test-not-connected = Not connected

## Shared by the dialogs

remotes-cancel = Cancel

## The cloud form (dialogs.rs, forms.rs)

remotes-form-add-title = Add cloud
remotes-form-edit-title = Edit cloud
remotes-form-name = Cloud name
remotes-form-auth-url = Auth URL
remotes-form-auth-type = Auth type
remotes-form-auth-password = User and password
remotes-form-auth-app-credential = Application credential
remotes-form-auth-totp = User and TOTP
remotes-form-auth-token = Keystone token
remotes-form-app-credential-id = Application credential id
remotes-form-user-name = User name
remotes-form-project-name = Project name
remotes-form-project-id = Project id
remotes-form-project-id-hint = (instead of the name)
remotes-form-user-domain = User domain
remotes-form-project-domain = Project domain
remotes-form-regions = Regions
remotes-form-regions-hint = RegionOne, RegionTwo (optional: clouds.yaml's regions)
remotes-form-region = Region
remotes-form-region-first = { $region } (the first)
remotes-form-interface = Interface
remotes-form-ca-file = CA file
remotes-form-ca-file-hint = /etc/ssl/certs/my-ca.pem (optional)
remotes-form-client-cert = Client certificate
remotes-form-client-cert-hint = client.pem (optional)
remotes-form-client-key = Client key
remotes-form-client-key-hint = client.key (when not in the certificate)
remotes-form-pick-ca = CA bundle
remotes-form-verify = Verify certificates
remotes-form-browse = Browse…
remotes-form-browse-hover = Open the desktop's file picker (needs xdg-desktop-portal)
# $what: the field's caption in lower case ("client key").
remotes-form-browse-for = Browse for the { $what }
remotes-form-no-file-picked = No file was picked (the desktop file dialog needs xdg-desktop-portal): type a path instead
remotes-form-totp-asked = asked for each time the cloud is connected, never kept
remotes-form-secret-keep-hint = leave empty to keep the stored one
remotes-form-secret-new-hint = kept in the keyring, never in a file
remotes-form-no-keyring = No keyring service runs here: the secret is kept in memory until the window closes, and asked for again next time.
remotes-form-test = Test connection
remotes-form-test-hover = Authenticate with these settings (nothing is saved)
remotes-form-save = Save cloud
remotes-form-needs-name = the cloud needs a name
remotes-form-region-not-listed = region "{ $region }" is not one of its regions ({ $regions })
remotes-form-key-needs-cert = a client key needs its client certificate

# The secret's field label.
remotes-secret-password = Password
remotes-secret-app-credential = Application credential secret
remotes-secret-token = Token
remotes-secret-totp = TOTP passcode

## The prompt for a secret (dialogs.rs)

remotes-prompt-title = Secret for cloud "{ $cloud }"
remotes-prompt-kept = { $secret } for cloud "{ $cloud }" (kept in memory for this session only):
remotes-prompt-once = { $secret } for cloud "{ $cloud }" (used once to connect, never kept):
remotes-prompt-secret = Secret
remotes-prompt-connect = Connect

## The push dialog (dialogs.rs)

remotes-push-title-one = Push to cloud { $cloud }
remotes-push-title-many = Push to { $count } clouds
remotes-push-images-to-cloud = { $count ->
    [one] Push { $count } local image to cloud "{ $cloud }":
   *[other] Push { $count } local images to cloud "{ $cloud }":
}
remotes-push-images-to-clouds = { $count ->
    [one] Push { $count } local image to { $clouds } clouds:
   *[other] Push { $count } local images to { $clouds } clouds:
}
remotes-push-more = … and { $count } more
remotes-push-targets = To the clouds ticked (the data is read once and sent to all at once):
remotes-push-method = Method
# The push methods: Glance's names, explained beside them in other languages.
remotes-push-method-upload = upload
remotes-push-method-glance-direct = glance-direct
remotes-push-upload-hover = PUT the data (falls back to glance-direct when the cloud refuses direct upload)
remotes-push-glance-direct-hover = Stage the data, then import it (Glance's interoperable import)
remotes-push-keep-failed = Keep the remote image if the push fails
remotes-push-stores-direct = Chosen stores go through glance-direct (the import API).
remotes-push-inspected = The data is inspected first; the remote os_hash_value is checked against the local one.
remotes-push-start = Start push
remotes-push-tick-one = Tick at least one cloud

## The same-data question (dialogs.rs)

remotes-same-pull-title = Same data already in the local catalog
remotes-same-pull-link = Link to the existing image
remotes-same-pull-copy = Pull a second copy
remotes-same-pull-explained = Link records the remote image as the origin of local image "{ $label }" ({ $id }); nothing is downloaded and sync pairs the two.
remotes-same-push-title = Same data already on the cloud
remotes-same-push-link = Link to the existing remote image
remotes-same-push-copy = Push a second copy
remotes-same-push-explained = Link records remote image "{ $label }" ({ $id }) as this image's origin on cloud "{ $cloud }"; nothing is uploaded and sync pairs the two.

## Confirmations (dialogs.rs)

remotes-confirm-remove-cloud = Remove cloud "{ $name }"?
remotes-confirm-remove-cloud-detail = It is removed from the workbench's clouds file, and its secret from the keyring.
remotes-confirm-remove-cloud-button = Remove cloud
remotes-confirm-delete-remote = Delete "{ $label }" on cloud { $cloud }?
remotes-confirm-delete-remote-detail = Glance deletes the image and its data on the cloud; this cannot be undone.
remotes-confirm-delete-remote-button = Delete on the cloud
remotes-confirm-clear-cache = Clear the server cache of cloud { $cloud }?
remotes-confirm-clear-queue = Clear the server cache's prefetch queue of cloud { $cloud }?
remotes-confirm-clear-detail = The images stay on the cloud; its API node serves them from the store again until they are cached anew.
remotes-confirm-clear-cache-button = Clear cache
remotes-confirm-clear-queue-button = Clear queue
remotes-confirm-delete-from-store = Delete "{ $label }" from store { $store } on cloud { $cloud }?
remotes-confirm-delete-from-store-detail = Glance deletes the image's data in this store only; the image and its data in its other stores stay.
remotes-confirm-delete-from-store-button = Delete from this store

## A remote image's details (detail.rs)

remotes-detail-select = Select a remote image to see its details.
remotes-detail-loading = Loading the image…
remotes-detail-owned-by = Owned by project { $project }: only its owner or an admin can change it.
remotes-detail-admin-edit = I am an admin: edit anyway
remotes-detail-yes = yes
remotes-detail-no = no
remotes-detail-status = Status
remotes-detail-formats = Formats
remotes-detail-size = Size
remotes-detail-virtual-size = Virtual size
remotes-detail-checksum = checksum (md5)
remotes-detail-visibility = Visibility
remotes-detail-protected-hidden = Protected / hidden
remotes-detail-owner = Owner
remotes-detail-min-disk-ram = min_disk / min_ram
remotes-detail-stores = Stores
remotes-detail-created = Created
remotes-detail-updated = Updated
remotes-detail-edit-heading = Edit on the cloud
remotes-detail-name = Name
remotes-detail-protected = Protected
remotes-detail-hidden = Hidden
remotes-detail-min-disk = min_disk (GiB)
remotes-detail-min-ram = min_ram (MiB)
remotes-detail-save = Save changes
remotes-detail-deactivate = Deactivate
remotes-detail-reactivate = Reactivate
remotes-detail-delete = Delete remote image…
remotes-detail-delete-protected = Protected: Glance refuses to delete it until "Protected" is cleared
remotes-detail-tags = Tags
remotes-detail-remove-tag = Remove this tag
remotes-detail-new-tag-hint = new tag
remotes-detail-new-tag = New remote tag
remotes-detail-add-tag = Add tag
remotes-detail-remove-property = Remove this property
remotes-detail-reserved-property = Glance sets this property itself (os_glance_*, owner_specified.*, stores): it cannot be removed
remotes-detail-new-property = New remote property
remotes-detail-set-property = Set property
remotes-detail-type-key-value = Type key=value
remotes-detail-suggest-cloud = Suggestions from cloud { $cloud }'s metadata definitions
remotes-detail-suggest-builtin-none = Suggestions from the built-in table: the cloud's metadata definitions describe no image property
remotes-detail-suggest-builtin-error = Suggestions from the built-in table: the cloud's metadata definitions cannot be read ({ $message })
remotes-detail-suggest-builtin-loading = Suggestions from the built-in table (reading the cloud's metadata definitions…)
remotes-detail-value-warning = { $warning } (Glance accepts it)
remotes-detail-members = Members
remotes-detail-members-count = Members ({ $count })
remotes-detail-members-shared-only = Only shared images have members (set Visibility to shared).
remotes-detail-members-unreadable = Members cannot be read
remotes-detail-remove-member = Remove
remotes-detail-new-member-hint = project id
remotes-detail-new-member = New remote member
remotes-detail-add-member = Add member
remotes-detail-tasks = Tasks
remotes-detail-tasks-count = Tasks ({ $count })

## Stores of a multi-store cloud (stores.rs)

remotes-stores-default = { $store } (default)
remotes-stores-all = All stores
remotes-stores-all-hover = Every store of the cloud (all_stores)
remotes-stores-allow-failure = Go on if a store fails
remotes-stores-allow-failure-hover = all_stores_must_succeed = false: the image stays in the stores that worked, and the failed ones are listed
remotes-stores-ticks-heading = Stores (none ticked: the default store)
remotes-stores-delete-from = Delete from store
remotes-stores-delete-from-hover = DELETE /v2/stores/{ "{" }store{ "}" }/{ "{" }image{ "}" }: the data in this store only
remotes-stores-no-copy-image = The cloud does not offer the copy-image import method
remotes-stores-in-every-store = The image is in every store already
remotes-stores-copy-needs-active = Only an active image no import is writing can be copied
remotes-stores-copy = Copy to stores…
remotes-stores-copy-hover = Copy the data into more of the cloud's stores (copy-image)
remotes-import-url-button = Import from URL…
remotes-import-url-button-hover = A new image on the cloud whose data it fetches from a URL (web-download)
remotes-import-url-asking = Asking the cloud for its import methods…
remotes-import-url-not-offered = The cloud does not offer the web-download import method
remotes-import-url-title = Import from URL into cloud { $cloud }
remotes-import-url-intro = The cloud fetches the data itself (web-download); the URL must be one its import filtering allows.
remotes-import-url-name = New image name
remotes-import-url-url = Source URL
remotes-import-url-disk-format = Disk format
remotes-import-url-start = Start import
remotes-import-url-not-ready = A name and an http(s) URL
remotes-copy-stores-title = Copy "{ $image }" to stores
remotes-copy-stores-now-in = Now in: { $stores }. Tick the stores to copy it into (copy-image):
remotes-copy-stores-start = Copy into stores
remotes-copy-stores-tick-first = Tick a store first

## The quota strip (usage.rs)

remotes-usage-quota = Quota
remotes-usage-quota-hover = The project's usage against the cloud's limits (/v2/info/usage)
remotes-usage-unreadable = Usage cannot be read
# $reason: why the cloud shows no usage (the library's words).
remotes-usage-not-shown = not shown: { $reason }
remotes-usage-refresh = Refresh usage
remotes-usage-refresh-hover = Read the usage again
remotes-usage-images = Images
remotes-usage-size = Size
remotes-usage-staging = Staging
remotes-usage-uploading = Uploading
# $used, $limit: "3 MiB" or a number of images.
remotes-usage-of = { $used } of { $limit }
remotes-usage-no-limit = { $used } (no limit)
# A quota bar's text: "Images 2 of 5".
remotes-usage-bar = { $title } { $summary }
remotes-usage-bar-hover = { $resource } ({ $what }): { $summary }

## The Server cache tab: Glance's image cache on the cloud's API nodes, never the
## workbench's local pull cache (server_cache.rs)

remotes-cache-reading = reading the server cache…
remotes-cache-intro = Glance's image cache on the cloud's API nodes (not this workbench's local cache of pulled data).
remotes-cache-refresh = Refresh
remotes-cache-queue-selected = Queue selected ({ $count })
remotes-cache-queue-selected-hover = Queue the images selected in the Images tab for prefetch
remotes-cache-select-first = Select images in the Images tab first
remotes-cache-image-id = Image id
remotes-cache-image-id-hint = an image id to queue
remotes-cache-queue-id = Queue id
remotes-cache-queue-id-hover = Queue this image for prefetch
remotes-cache-clear-cache = Clear cache…
remotes-cache-clear-cache-hover = Remove every cached image from the API node
remotes-cache-clear-queue = Clear queue…
remotes-cache-clear-queue-hover = Remove every image waiting for prefetch
remotes-cache-no-clean-prune = clean and prune need image API 2.18, which this cloud does not offer
remotes-cache-clean = Clean
remotes-cache-clean-hover = Remove invalid entries and downloads stalled on the API node
remotes-cache-prune = Prune
remotes-cache-prune-hover = Remove least recently used images until the cache is under the cloud's cap
remotes-cache-unavailable = Server cache not available on this cloud: { $reason }
remotes-cache-cached-count = Cached images: { $count } ({ $size })
remotes-cache-queued-count = Queued images: { $count }
remotes-cache-col-name = Name
remotes-cache-col-size = Size
remotes-cache-col-hits = Hits
remotes-cache-col-last-accessed = Last accessed
remotes-cache-delete = Delete
remotes-cache-delete-hover = Remove this image from the server cache (the image stays)
remotes-cache-remove-from-queue = Remove from queue

## A cloud's catalog: filters, pages, pull and prefetch (catalog.rs)

remotes-catalog-name-hint = exact name
remotes-catalog-name-filter = Remote name filter
remotes-catalog-name-filter-hover = Glance's name filter (an exact match)
remotes-catalog-status = Status
remotes-catalog-any = any
remotes-catalog-member-status = Member status
remotes-catalog-visibility = Visibility
remotes-catalog-default = default
# The filters' "all" (every visibility, every member status).
remotes-catalog-all = all
remotes-catalog-tag-hint = tag
remotes-catalog-tag-filter = Remote tag filter
remotes-catalog-per-page = { $count } per page
remotes-catalog-page-size = Page size
remotes-catalog-previous = ‹ Previous
remotes-catalog-page = page { $page } · { $count ->
    [one] { $count } image
   *[other] { $count } images
}
remotes-catalog-next = Next ›
remotes-catalog-next-hover = Follow Glance's next link
remotes-catalog-refresh = Refresh
remotes-catalog-refresh-hover = List again from the first page
remotes-catalog-cannot-list = Cannot list
remotes-catalog-stale = Stale: the rows below are from { $at }; Refresh asks again.
remotes-catalog-select-active = Select active remote images first
remotes-catalog-pull = ◂ Pull
remotes-catalog-pull-hover = Pull the selected images into the local catalog (or drag them onto it)
remotes-catalog-prefetch = Prefetch to local cache
remotes-catalog-prefetch-hover = Download into the local cache only (cache queue)
remotes-catalog-accept = Accept
remotes-catalog-reject = Reject
remotes-catalog-select-shared = Select shared images first
remotes-catalog-drop-hint = Drop local images on the table to push them
