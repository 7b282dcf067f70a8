#include "emulator/services/sqs/move_tasks.h"
#include "emulator/services/sqs/ops.h"
#include "emulator/services/sqs/sqs.h"

namespace terrarium::services::sqs {

// SQS checks its own parameters and answers in its own words (InvalidParameterValue,
// MissingParameter), so it does not opt into model validation.
void Register(dispatch::OperationTable& table) {
  table.Register("sqs", {
                            {"CreateQueue", &CreateQueue},
                            {"GetQueueUrl", &GetQueueUrl},
                            {"ListQueues", &ListQueues},
                            {"DeleteQueue", &DeleteQueue},
                            {"PurgeQueue", &PurgeQueue},
                            {"GetQueueAttributes", &GetQueueAttributes},
                            {"SetQueueAttributes", &SetQueueAttributes},
                            {"TagQueue", &TagQueue},
                            {"UntagQueue", &UntagQueue},
                            {"ListQueueTags", &ListQueueTags},
                            {"AddPermission", &AddPermission},
                            {"RemovePermission", &RemovePermission},
                            {"SendMessage", &SendMessage},
                            {"SendMessageBatch", &SendMessageBatch},
                            {"ReceiveMessage", &ReceiveMessage},
                            {"DeleteMessage", &DeleteMessage},
                            {"DeleteMessageBatch", &DeleteMessageBatch},
                            {"ChangeMessageVisibility", &ChangeMessageVisibility},
                            {"ChangeMessageVisibilityBatch", &ChangeMessageVisibilityBatch},
                            {"ListDeadLetterSourceQueues", &ListDeadLetterSourceQueues},
                            {"StartMessageMoveTask", &StartMessageMoveTask},
                            {"ListMessageMoveTasks", &ListMessageMoveTasks},
                            {"CancelMessageMoveTask", &CancelMessageMoveTask},
                        });
}

std::vector<std::string> RunMaintenance(storage::Store& store, int64_t now_ms) {
  return AdvanceAllMoveTasks(store, now_ms);
}

}  // namespace terrarium::services::sqs
