-- Argo CD health check for oms.datasource.io/OmsConnection.
-- Install it under resource.customizations.health.oms.datasource.io_OmsConnection (see README.md).
-- The reasons are io.datasource.oms.api.v1alpha1.Conditions.ConnectionReason.ALL;
-- ArgoCdConnectionHealthTest fails when a reason is added there and not here.
local hs = {}

-- The operator cannot use the connection until someone fixes its Secret, spec, OMS or network.
local degraded = {
  InvalidSpec = true,
  SecretNotFound = true,
  SecretKeyMissing = true,
  AuthenticationFailed = true,
  OmsUnavailable = true,
}

if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to check the connection"
  return hs
end

local generation = obj.metadata and obj.metadata.generation
local observed = obj.status.observedGeneration
if observed == nil or (generation ~= nil and observed < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to check generation " .. tostring(generation)
  return hs
end

local ready = nil
if obj.status.conditions ~= nil then
  for _, condition in ipairs(obj.status.conditions) do
    if condition.type == "Deleting" and condition.status == "True" then
      hs.status = "Progressing"
      hs.message = "Deleting: " .. (condition.message or "")
      return hs
    end
    if condition.type == "Ready" then
      ready = condition
    end
  end
end

if ready == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Ready condition"
  return hs
end

hs.message = (ready.reason or "NoReason") .. ": " .. (ready.message or "")
if ready.status == "True" then
  hs.status = "Healthy"
elseif degraded[ready.reason] then
  hs.status = "Degraded"
elseif ready.status == "Unknown" then
  hs.status = "Progressing"
else
  hs.status = "Degraded"
end
return hs
