// The HTTP face of StateService (what `terrarium state ...` calls):
//   POST /_terrarium/state/save    {"name", "message"?}
//   POST /_terrarium/state/load    {"name"}            (a name, commit id or NAME~n)
//   GET  /_terrarium/state/list
//   GET  /_terrarium/state/log     ?name=&limit=
//   GET  /_terrarium/state/diff    ?from=A[&to=B]      (to absent: the live state)
//   GET  /_terrarium/state/export  [?name=N...]        a git bundle (application/x-git-bundle)
//   POST /_terrarium/state/import  the bundle as the body
//   POST /_terrarium/state/push    {"remote", "names"?}
//   POST /_terrarium/state/pull    {"remote", "names"?}
//   POST /_terrarium/reset         empties the store
// Answers are JSON; errors are {"error": {"code", "message"}} with 400, 404, 405, 409 or 500.
#pragma once

#include <optional>

#include "emulator/admin/state_service.h"
#include "emulator/core/http_message.h"

namespace terrarium::admin {

// The answer to a state request, or nullopt when `request` is not one.
std::optional<HttpResponse> HandleStateApi(const HttpRequest& request, StateService& state);

}  // namespace terrarium::admin
