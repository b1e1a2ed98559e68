-- Argo CD health check for oms.datasource.io/PolarDBXDataSource.
-- Installed by deploy/argocd/argocd-cm.yaml (generated from this file; see deploy/argocd/README.md).
-- The reasons are io.datasource.oms.api.v1alpha1.Conditions.ReadyReason.ALL; ArgoCdHealthTest
-- fails when a reason is added there and not here.
local hs = {}

-- Transient: the operator is working on it, or waiting for OMS to come back.
local progressing = {
  Creating = true,
  OmsUnavailable = true,
  Deleting = true,
  -- Waits for its OmsConnection to turn Ready (checked periodically by the operator).
  ConnectionNotReady = true,
}

-- Terminal until a user changes the spec, a Secret, OMS or the deletion policy.
local degraded = {
  InvalidSpec = true,
  Rejected = true,
  NameConflict = true,
  SecretNotFound = true,
  SecretKeyMissing = true,
  SecretValueInvalid = true,
  AuthenticationFailed = true,
  EnvironmentError = true,
  UnsupportedAction = true,
  DeleteFailed = true,
  DeleteUnsupported = true,
  NotFoundInOms = true,
  ConnectionNotFound = true,
  ConnectionNotAllowed = true,
}

local function describe(condition)
  local text = condition.reason or "NoReason"
  if condition.message ~= nil and condition.message ~= "" then
    text = text .. ": " .. condition.message
  end
  return text
end

-- Paused by the annotation oms.datasource.io/paused: Argo CD's own word for it.
if obj.metadata ~= nil and obj.metadata.annotations ~= nil
    and obj.metadata.annotations["oms.datasource.io/paused"] == "true" then
  hs.status = "Suspended"
  hs.message = "Paused by the annotation oms.datasource.io/paused; no OMS call is made"
  return hs
end

if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report status"
  return hs
end

local generation = obj.metadata and obj.metadata.generation
local observed = obj.status.observedGeneration
if observed == nil or (generation ~= nil and observed < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local ready = nil
local upToDate = nil
if obj.status.conditions ~= nil then
  for _, condition in ipairs(obj.status.conditions) do
    if condition.type == "Ready" then
      ready = condition
    elseif condition.type == "UpToDate" then
      upToDate = condition
    end
  end
end

if ready == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Ready condition"
  return hs
end

if ready.status == "True" then
  hs.status = "Healthy"
  hs.message = describe(ready)
  if upToDate ~= nil and upToDate.status == "False" then
    -- OMS cannot update a data source: it works, but differs from the spec (see updatePolicy).
    hs.message = hs.message .. "; not up to date: " .. describe(upToDate)
  end
  return hs
end

if progressing[ready.reason] then
  hs.status = "Progressing"
elseif degraded[ready.reason] then
  hs.status = "Degraded"
elseif ready.status == "Unknown" then
  -- A reason this check does not know yet: trust the condition's status.
  hs.status = "Progressing"
else
  hs.status = "Degraded"
end
hs.message = describe(ready)
return hs
