# remote-lib: the library's own messages (errors, notes) in the user's language. See src/i18n/mod.rs.

## Remote errors (RemoteError's Display): a context, then what went wrong

rlib-error-config = cloud "{ $cloud }": { $problem }
rlib-error-http = { $context }: { $meaning }
rlib-error-connect = { $context }: cannot reach { $server }: { $detail }
rlib-error-timeout = { $context }: no answer from { $url } within { $seconds } s
rlib-error-protocol = { $context }: unexpected answer: { $problem }
rlib-error-verify = { $context }: verification failed: { $problem }
rlib-error-failed = { $context }: { $problem }
rlib-error-cancelled = { $context }: cancelled
rlib-error-io = { $action }: { $error }: { $path }
rlib-the-server = the server
rlib-connection-failed = the connection failed: { $detail }
rlib-with-note = { $text } ({ $note })
rlib-problem-and-note = { $problem }; { $note }
rlib-subject-problem = { $subject }: { $problem }
rlib-list-separator = {"; "}
rlib-list-comma = {", "}

## What an HTTP error status means

rlib-http-400 = the request was refused as invalid (HTTP 400)
rlib-http-401 = authentication failed (HTTP 401): check the user name, password or application credential
rlib-http-403 = forbidden (HTTP 403)
rlib-http-404 = not found (HTTP 404)
rlib-http-409 = conflict with the current state (HTTP 409)
rlib-http-410 = gone (HTTP 410)
rlib-http-413 = too large or over quota (HTTP 413)
rlib-http-415 = the data does not match the image's disk_format/container_format (HTTP 415): Glance inspects uploads and refuses content of another format; set the format the data really has
rlib-http-429 = too many requests (HTTP 429)
rlib-http-503 = the service is unavailable (HTTP 503)
rlib-http-5xx = the server failed
rlib-http-other = the request failed
rlib-http-quota = { $line } (HTTP 413)
rlib-http-with-status = { $meaning } (HTTP { $status })
rlib-http-with-status-message = { $meaning } (HTTP { $status }): { $message }
rlib-http-with-message = { $meaning }: { $message }

## File operations that failed

rlib-io-cannot-read = cannot read
rlib-io-cannot-open = cannot open
rlib-io-cannot-create = cannot create
rlib-io-cannot-write = cannot write
rlib-io-cannot-flush = cannot flush
rlib-io-cannot-finish = cannot finish
rlib-io-cannot-replace = cannot replace
rlib-io-cannot-create-cache-dir = cannot create the cache dir
rlib-io-cannot-create-cache = cannot create the cache
rlib-io-cannot-reuse-partial = cannot reuse the partial download
rlib-io-cannot-read-ca = cannot read CA file
rlib-io-cannot-read-cert = cannot read the client certificate
rlib-io-cannot-read-key = cannot read the client key
rlib-io-cannot-start-runtime = cannot start the network runtime
rlib-io-cannot-start-copy-thread = cannot start the copy thread
rlib-io-cannot-start-push-thread = cannot start a push thread
rlib-io-cannot-start-upload-reader = cannot start the upload reader
rlib-io-cannot-start-hashing-thread = cannot start the hashing thread
rlib-io-cannot-write-received = cannot write received data

## Contexts: what was being done

rlib-subject-cloud = cloud "{ $name }"
rlib-context-call = cloud "{ $cloud }": { $method } { $path }
rlib-context-image = cloud "{ $cloud }": image { $id }
rlib-context-auth = cloud "{ $cloud }": authenticating at { $url }
rlib-context-push-to = push to cloud "{ $cloud }"
rlib-context-push-of = cloud "{ $cloud }": push of image "{ $image }"
rlib-context-copy-of = cloud "{ $cloud }": copy of image "{ $image }"
rlib-context-copy = copy of image { $id } from cloud "{ $from }" to "{ $to }"
rlib-context-server-cache = cloud "{ $cloud }": server cache
rlib-subject-remote-image = remote image "{ $label }" ({ $id }) of cloud "{ $cloud }"

## Problems

rlib-problem-no-token = no "token" in Keystone's answer
rlib-problem-no-expiry = the token has no expires_at
rlib-problem-no-endpoint = the service catalog has no image endpoint for interface { $interface }
rlib-problem-no-endpoint-in-region = the service catalog has no image endpoint for interface { $interface } in region { $region }
rlib-problem-totp-expired = the token from its TOTP passcode has expired: connect again with a new passcode
rlib-problem-totp-not-stored = a TOTP passcode is asked for each time and never stored
rlib-problem-no-subject-token = no X-Subject-Token header
rlib-problem-not-json = not JSON: { $error }
rlib-problem-token-header = the token is not a valid header value
rlib-problem-http-client = cannot build the HTTP client: { $error }
rlib-problem-key-without-cert = key is set without cert
rlib-problem-discovery-status = version discovery answered HTTP { $status }
rlib-problem-only-active = only active images can be pushed (it is { $status })
rlib-problem-refused-quota = refused before sending any data: { $over }
rlib-problem-stuck = still { $status } after { $seconds } s (stuck; see the image's tasks)
rlib-problem-import-task-failed = the import task failed: { $message }
rlib-problem-import-task-failed-in = the import task failed in store(s) { $stores }: { $message }
rlib-problem-import-failed-in = the import failed in store(s) { $stores }
rlib-problem-became = the remote image became { $status }
rlib-problem-no-method = it does not offer the { $method } import method (it offers: { $offered })
rlib-problem-no-method-none = it does not offer the { $method } import method (it offers: none)
rlib-problem-no-store = no store { $unknown } (its stores: { $known })
rlib-problem-name-a-store = name at least one store (or all stores)
rlib-problem-no-data-to-download = it has no data to download (status { $status })
rlib-problem-no-size = the image has no size
rlib-problem-no-sha512 = the image has no sha512 os_hash_value to verify against (os_hash_algo { $algo })
rlib-problem-partial-size = the partial file has { $size } bytes, expected { $expected }
rlib-problem-received-size = received { $size } bytes, the image has { $expected }
rlib-problem-sha512-differs = sha512 { $sha512 } differs from os_hash_value { $hash }
rlib-problem-source-no-data = the source has no data (status { $status })
rlib-problem-source-sha512 = the data read from the source has sha512 { $sha512 }, not its os_hash_value { $hash }
rlib-problem-copy-hash = the copy's os_hash_value { $copy } differs from the source's { $hash }
rlib-problem-copy-same-data = remote image "{ $label }" ({ $id }) of cloud "{ $cloud }" already holds the same data (os_hash_value and size { $size } bytes); nothing was copied
rlib-problem-thread-failed = its thread failed
rlib-problem-reader-thread = the thread reading the data could not run
rlib-problem-no-image-named = no image named "{ $name }" (give an image id or a name)
rlib-problem-several-named = more than one image is named "{ $name }": give its id

## Job steps (the job's note; the task records them in English)

rlib-step-starting = starting
rlib-step-creating = creating the image on cloud { $cloud }
rlib-step-uploading = uploading { $size } bytes to { $id }
rlib-step-direct-refused = direct upload refused ({ $error }); using glance-direct
rlib-step-staging = staging { $size } bytes for { $id }
rlib-step-glance-direct = starting the glance-direct import into { $stores }
rlib-step-applying-members = verified; applying members
rlib-step-reusing = reusing { $size } bytes already in the cache
rlib-step-downloading = downloading { $size } bytes from byte { $offset }
rlib-step-streaming = streaming { $size } bytes into { $id }
rlib-step-copy-image = starting copy-image into { $stores }
rlib-step-import-url = cloud { $cloud } fetches { $url } into { $stores }
rlib-note-remote-status = remote status { $status }
rlib-note-status-and-task = remote status { $status }; import task { $task } { $message }
rlib-note-stores = stores { $stores }
rlib-note-import-task = import task { $status } { $message }
rlib-note-and = { $first }; { $next }
rlib-note-kept = the remote image { $id } was kept (--keep-failed)
rlib-lane-linked = linked to { $id }
rlib-lane-verified = verified as { $id }
rlib-lane-failed = failed: { $error }
rlib-lane-note = { $cloud }: { $note }

## Store choices

rlib-stores-all = all stores
rlib-stores-default = the default store
rlib-stores-named = store(s) { $stores }
rlib-stores-failures-allowed = { $what } (failures allowed)
rlib-stores-none = (none)
rlib-stores-details-refused = details refused ({ $error }); the plain list
rlib-stores-single = the cloud has a single store (no enabled_backends)

## Quotas

rlib-quota-size = total image size
rlib-quota-stage = staged data
rlib-quota-count = images
rlib-quota-uploading = images uploading
rlib-quota-other = quota
rlib-quota-of = { $used } of { $limit }
rlib-quota-no-limit = { $used } (no limit)
rlib-quota-over = { $resource } ({ $what }) is limited to { $limit }; the project uses { $usage } and this needs { $delta } more
rlib-quota-refused = Glance refused it over the project's quota: { $limits }
rlib-quota-none-enforced = the cloud enforces no per-project image quotas (its usage is empty: Glance's use_keystone_limits is off)
rlib-quota-needs-api = quota usage needs image API { $version } (/v2/info/usage), which the cloud does not advertise ({ $offered })
rlib-versions-offered = it offers { $low } to { $high }
rlib-versions-none = its version discovery lists no v2 version
rlib-cache-needs-api = the server cache API needs image API { $version }, which the cloud does not advertise ({ $offered }): Glance's image cache is not enabled on its API nodes
rlib-cache-clean-needs-api = clean and prune need image API { $version }, which the cloud does not advertise ({ $offered }): Glance's image cache is not enabled on its API nodes

## Job outcomes

rlib-outcome-push-linked = linked to remote image { $id } of cloud { $cloud }, which holds the same data (nothing pushed)
rlib-outcome-pushed = pushed to cloud { $cloud } as { $id } ({ $method }, os_hash_value verified)
rlib-outcome-pushed-into = pushed to cloud { $cloud } as { $id } ({ $method }, os_hash_value verified, in { $stores })
rlib-outcome-failed-in-stores = { $done }; FAILED in store(s) { $stores }
rlib-outcome-pull-linked = linked "{ $label }" to remote image { $id } of cloud { $cloud }, which holds the same data (nothing pulled)
rlib-outcome-already-pulled = already pulled as "{ $label }"
rlib-outcome-pulled = pulled "{ $label }" from cloud { $cloud } ({ $size }, sha512 verified)
rlib-outcome-cached = cached remote image { $id } of cloud { $cloud } ({ $size }, sha512 verified)
rlib-outcome-updated = updated the metadata of remote image "{ $label }"
rlib-outcome-stuck-deleted = deleted stuck remote image { $id }
rlib-outcome-stuck-gone = stuck remote image { $id } was already gone
rlib-cloud-line-linked = linked to { $id }, which holds the same data
rlib-cloud-line-pushed = pushed as { $id } ({ $method }, verified)
rlib-cloud-line-done = cloud { $cloud }: { $done }
rlib-cloud-line-failed = cloud { $cloud }: failed: { $why }
rlib-outcome-push-many-failed = push to { $failed } of { $count } clouds failed: { $lines }
rlib-outcome-pushed-many = pushed to { $count } clouds, os_hash_value verified on each: { $lines }
rlib-same-data-more-clouds = { $message } (and clouds { $clouds } too)
rlib-outcome-copied-into-stores = copied remote image "{ $label }" into { $choice } on cloud { $cloud }: now in { $stores }
rlib-outcome-deleted-from-store = deleted remote image "{ $label }" from store { $store } on cloud { $cloud }: now in { $stores }
rlib-outcome-imported-url = imported "{ $label }" from { $url } on cloud { $cloud } as { $id } ({ $size }, in { $stores })

## Sync

rlib-sync-subject = sync with cloud { $cloud }
rlib-sync-summary = sync with cloud { $cloud }: { $done ->
        [one] { $done } action
       *[other] { $done } actions
    } done{ $recorded ->
        [yes] ; recorded as the last completed sync
       *[no] {""}
    }
rlib-sync-summary-failed = sync with cloud { $cloud }: { $done ->
        [one] { $done } action
       *[other] { $done } actions
    } done, { $failed } failed{ $recorded ->
        [yes] ; recorded as the last completed sync
       *[no] {""}
    }
rlib-sync-summary-refused = sync with cloud { $cloud }: { $done ->
        [one] { $done } action
       *[other] { $done } actions
    } done, { $count } refused ({ $refused }){ $recorded ->
        [yes] ; recorded as the last completed sync
       *[no] {""}
    }
rlib-sync-summary-failed-refused = sync with cloud { $cloud }: { $done ->
        [one] { $done } action
       *[other] { $done } actions
    } done, { $failed } failed, { $count } refused ({ $refused }){ $recorded ->
        [yes] ; recorded as the last completed sync
       *[no] {""}
    }
rlib-sync-refused-quota = refused before the push started: cloud "{ $cloud }": { $over }
rlib-sync-step = { $index }/{ $total }: { $what }
rlib-sync-step-push = push { $label }
rlib-sync-step-pull = pull { $label }
rlib-sync-step-update = update { $label }
rlib-sync-step-delete = delete stuck { $label }
rlib-sync-pushed-as = pushed as { $id }
rlib-sync-pulled-as = pulled as { $id }
rlib-sync-updated = remote metadata updated
rlib-sync-stuck-deleted = stuck remote image deleted
rlib-sync-stuck-gone = stuck remote image already gone
rlib-sync-conflict-skipped = data differs on both sides; push or pull it explicitly

## Server cache

rlib-server-cache-queued = cloud { $cloud }: { $count ->
        [one] { $count } image
       *[other] { $count } images
    } queued for the server cache
rlib-server-cache-removed = cloud { $cloud }: { $count ->
        [one] { $count } image
       *[other] { $count } images
    } removed from the server cache
rlib-server-cache-cached-removed = { $count ->
        [one] { $count } cached image
       *[other] { $count } cached images
    } removed
rlib-server-cache-queued-removed = { $count ->
        [one] { $count } queued image
       *[other] { $count } queued images
    } removed
rlib-server-cache-target-cache = cache
rlib-server-cache-target-queue = queue
rlib-server-cache-target-both = cache and queue
rlib-server-cache-cleared = cloud { $cloud }: server { $what } cleared
rlib-server-cache-cleared-counts = cloud { $cloud }: server { $what } cleared ({ $counts })
rlib-server-cache-cleaned = cloud { $cloud }: server cache cleaned (invalid and stalled entries removed)
rlib-server-cache-pruned = cloud { $cloud }: server cache pruned: { $count ->
        [one] { $count } image
       *[other] { $count } images
    } removed ({ $size })

## The local pull cache, cleanups, clouds

rlib-cache-cap-set = cache cap set to { $size }
rlib-cache-entry-removed = removed the cache entry of "{ $name }" ({ $size })
rlib-cache-pruned = cache pruned: { $count ->
        [one] { $count } entry
       *[other] { $count } entries
    } removed ({ $size })
rlib-cache-cleaned = cache cleaned: { $count ->
        [one] { $count } entry
       *[other] { $count } entries
    } removed ({ $size })
rlib-cache-no-entry = no cache entry for image { $id } of cloud "{ $cloud }"
rlib-cache-entry-subject = the cache entry for image { $id }
rlib-cache-entry-partial = it is partial: a transfer may still be writing it (cache clean removes partial entries when no pull runs)
rlib-cleanups-done = cloud { $cloud }: { $count ->
        [one] { $count } pending cleanup
       *[other] { $count } pending cleanups
    } done
rlib-cleanups-pending = cloud { $cloud }: { $count ->
        [one] { $count } cleanup
       *[other] { $count } cleanups
    } still pending: { $first }
rlib-cleanups-none = cloud { $cloud }: no cleanup was pending
rlib-cloud-saved-unchanged = cloud "{ $cloud }" saved in { $path } (no secret in it); its secret is unchanged
rlib-cloud-saved-keyring = cloud "{ $cloud }" saved in { $path } (no secret in it); its secret is in the keyring
rlib-cloud-saved-memory = cloud "{ $cloud }" saved in { $path } (no secret in it); no keyring service runs: its secret is kept in memory until the window closes
rlib-cloud-not-in-file = cloud "{ $name }" is not in the workbench's clouds file (clouds.yaml and OS_* clouds are edited there)

## Same data on the other side, names

rlib-subject-local-image = local image "{ $label }" ({ $id })
rlib-problem-pull-same-data = local image "{ $label }" ({ $id }) already holds the same data (sha512 and size { $size } bytes); nothing was pulled
rlib-problem-push-same-data = remote image "{ $label }" ({ $id }) of cloud "{ $cloud }" already holds the same data (os_hash_value and size { $size } bytes); nothing was pushed
rlib-problem-linked-elsewhere = it is already linked to image { $id } of cloud "{ $cloud }"; copy instead
rlib-no-remote-image = cloud "{ $cloud }": no image with name or id "{ $name }"
rlib-problem-ambiguous-name = { $count } images are named "{ $name }": use an id ({ $ids })

## Cloud definitions (clouds.yaml)

rlib-config-not-set = { $what } is not set
rlib-config-no-user = auth.username (or auth.user_id) is not set
rlib-config-no-project = auth.project_name (or auth.project_id) is not set
rlib-config-no-credential = auth.application_credential_id (or its name with the user) is not set
rlib-config-bad-interface = interface "{ $interface }" is not public, internal or admin
rlib-config-bad-region-entry = a regions entry is not a name or a mapping with only name and values
rlib-config-regions-not-list = regions is not a list
rlib-config-unknown-region = region "{ $region }" is not one of its regions ({ $regions }; names are case-sensitive)
rlib-config-bad-yaml = not valid YAML: { $error }
rlib-config-profile-not-in = profile "{ $profile }" is not in { $path }'s public-clouds
rlib-config-profile-no-vendor-file = profile "{ $profile }" is not in a clouds-public.yaml (none found beside clouds.yaml's search folders)
rlib-config-no-cloud-chosen = no cloud chosen: pass --cloud NAME or set OS_CLOUD
rlib-config-no-such-cloud = no such cloud in clouds.yaml, the workbench's clouds or OS_* (known: { $known })
rlib-config-no-such-cloud-none = no such cloud in clouds.yaml, the workbench's clouds or OS_* (known: none)
