-- wrk script of bench/soak.sh: spreads requests over the câmaras (Host soak-<n>.localhost)
-- and a few public pages, and paces each connection (DELAY_MS between requests).
local n = tonumber(os.getenv("CAMARAS")) or 1
local atraso = tonumber(os.getenv("DELAY_MS")) or 0
local caminhos = { "/", "/parlamentares", "/noticias", "/api/v1/parlamentares" }
local i = 0

request = function()
    i = i + 1
    local c = (i % n) + 1
    local p = caminhos[(math.floor(i / n) % #caminhos) + 1]
    return wrk.format("GET", p, { ["Host"] = "soak-" .. c .. ".localhost" })
end

delay = function()
    return atraso
end
