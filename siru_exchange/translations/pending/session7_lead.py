"""Swedish for the lead's own changes in session 7 (merged by tools/update_catalogues.sh)."""
SV = {
    'The net CO₂e adds up the exchanges that have a factor only; the transport CO₂e adds up the transport of every exchange, estimated or not, so the net figure is not the avoided figure minus the transport figure when some exchanges are not estimated.':
        'Netto-CO₂e summerar bara de utbyten som har en faktor; transportens CO₂e summerar transporten för alla utbyten, uppskattade eller inte. Därför är nettot inte det undvikna minus transporten när några utbyten saknar uppskattning.',
}
