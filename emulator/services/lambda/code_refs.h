// Lambda's references to code blobs, counted in lambda.blob_refs (storage/blob_refs.h): one per
// function record that names the package ($LATEST or a published version), so that S3 keeps an
// object body a function was deployed from after the object goes, and a package goes with the
// last function that used it.
#pragma once

#include <nlohmann/json.hpp>

#include "emulator/storage/store.h"

namespace terrarium::services::lambda {

// Counts the packages `after` names and `before` did not, and releases those `before` named and
// `after` does not (either may be null: a function created or deleted). Called in the write
// transaction that saves the change, before the record is written. A store written before these
// counts existed (an older data dir or snapshot) gets them from its records first.
void UpdateCodeRefs(storage::WriteTxn& txn, storage::BlobStore& blobs, const nlohmann::json* before,
                    const nlohmann::json* after);

}  // namespace terrarium::services::lambda
